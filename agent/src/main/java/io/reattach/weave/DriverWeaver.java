package io.reattach.weave;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves a JDBC driver's {@code Connection connect(String url, Properties info)}: an instance method with code in a
 * class (not an interface) that extends another class or implements an interface (a class that extends
 * {@code Object} and implements nothing cannot be a {@code java.sql.Driver}). Whether the receiver really is a
 * {@code java.sql.Driver} is decided when the method runs, where that is one {@code instanceof}. The woven code:
 *
 * <pre>
 *   Object call = JdbcBridge.enter(this, url, info);
 *   ... the method's own code ...
 *   if (call != null) {
 *       Object[] outcome = JdbcBridge.exit(call, result, thrown);
 *       if (outcome != null) { result = (Connection) outcome[0]; thrown = (Throwable) outcome[1]; }
 *   }
 * </pre>
 */
public final class DriverWeaver extends ClassWeaver.Selection {
    /** The descriptor of {@code java.sql.Driver.connect}: a class file that declares the method has it in its pool. */
    public static final String CONNECT_DESCRIPTOR = "(Ljava/lang/String;Ljava/util/Properties;)Ljava/sql/Connection;";

    private static final String BRIDGE = "io/reattach/bridge/JdbcBridge";

    private boolean skipped;

    private DriverWeaver() {
    }

    /** The class file with its {@code connect} woven, or null when it declares none. */
    public static byte[] weave(byte[] classFile) {
        return ClassWeaver.weave(classFile, new DriverWeaver());
    }

    @Override
    void visitClass(int version, int access, String name, String superName, String[] interfaces) {
        skipped = (access & Opcodes.ACC_INTERFACE) != 0 || "java/lang/Object".equals(superName) && interfaces.length == 0;
    }

    @Override
    boolean selects(int access, String name, String descriptor) {
        return !skipped && ClassFile.isInstanceMethodWithCode(access) && name.equals("connect") && descriptor.equals(CONNECT_DESCRIPTOR);
    }

    @Override
    MethodWrap wrap(MethodVisitor next, Target target) {
        return new Wrap(next, target);
    }

    private static final class Wrap extends BridgeCallWrap {
        Wrap(MethodVisitor next, Target target) {
            super(next, target, BRIDGE, "(Ljava/lang/Object;Ljava/lang/String;Ljava/util/Properties;)Ljava/lang/Object;");
        }

        /** The URL and the properties. */
        @Override
        void pushEnterArguments() {
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitVarInsn(Opcodes.ALOAD, 2);
        }
    }
}
