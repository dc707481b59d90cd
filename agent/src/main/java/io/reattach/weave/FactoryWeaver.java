package io.reattach.weave;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Weaves the JMS ConnectionFactory methods ({@link FactoryMethods}) of a class being retransformed (after an attach),
 * with ASM, the body wrapped in place: a retransformation may change method bodies only. A class being defined is
 * woven by {@link FactoryDelegation}, which needs no ASM. Matched by name and descriptor, and by what the class file
 * says of the supertypes; whether the class really is a ConnectionFactory needs its supertypes loaded, so the bridge
 * decides that when the method runs ({@code io.reattach.bridge.FactoryType}). The woven code, in Java terms:
 *
 * <pre>
 *   Object call = ReattachBridge.enter(this, "owner", "createConnection", "(...)Ljavax/jms/Connection;", new Object[]{args});
 *   ... the method's own code ...
 *   if (call != null) {
 *       Object[] outcome = ReattachBridge.exit(call, result, thrown);
 *       if (outcome != null) { result = (Connection) outcome[0]; thrown = (Throwable) outcome[1]; }
 *   }
 * </pre>
 */
public final class FactoryWeaver extends ClassWeaver.Selection {
    private static final String BRIDGE = "io/reattach/bridge/ReattachBridge";

    /** An interface, or a class that cannot be a ConnectionFactory whatever its supertypes are: nothing to weave. */
    private boolean skipped;

    private FactoryWeaver() {
    }

    /** The class file with its factory methods woven, or null when it has none. */
    public static byte[] weave(byte[] classFile) {
        return ClassWeaver.weave(classFile, new FactoryWeaver());
    }

    @Override
    void visitClass(int version, int access, String name, String superName, String[] interfaces) {
        skipped = !FactoryMethods.mayBeFactoryClass(access, superName, java.util.Arrays.asList(interfaces));
    }

    @Override
    boolean selects(int access, String name, String descriptor) {
        return !skipped && FactoryMethods.isFactoryMethod(access, name, descriptor);
    }

    @Override
    MethodWrap wrap(MethodVisitor next, Target target) {
        return new Wrap(next, target);
    }

    /** One own local: the call that {@code enter} returned. */
    private static final class Wrap extends BridgeCallWrap {
        Wrap(MethodVisitor next, Target target) {
            super(next, target, BRIDGE,
                    "(Ljava/lang/Object;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/Object;");
        }

        /** The method's owner, name and descriptor, then its arguments. */
        @Override
        void pushEnterArguments() {
            mv.visitLdcInsn(target.owner);
            mv.visitLdcInsn(target.name);
            mv.visitLdcInsn(target.descriptor);
            pushArguments();
        }

        /** The arguments as an Object[], primitives boxed. */
        private void pushArguments() {
            Type[] arguments = Type.getArgumentTypes(target.descriptor);
            push(arguments.length);
            mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
            int slot = 1;
            for (int i = 0; i < arguments.length; i++) {
                mv.visitInsn(Opcodes.DUP);
                push(i);
                mv.visitVarInsn(arguments[i].getOpcode(Opcodes.ILOAD), slot);
                box(arguments[i]);
                mv.visitInsn(Opcodes.AASTORE);
                slot += arguments[i].getSize();
            }
        }

        private void push(int value) {
            if (value <= 5) {
                mv.visitInsn(Opcodes.ICONST_0 + value);
            } else {
                mv.visitIntInsn(Opcodes.SIPUSH, value);
            }
        }

        private void box(Type type) {
            if (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY) {
                return;
            }
            String boxed;
            switch (type.getSort()) {
                case Type.BOOLEAN:
                    boxed = "java/lang/Boolean";
                    break;
                case Type.CHAR:
                    boxed = "java/lang/Character";
                    break;
                case Type.BYTE:
                    boxed = "java/lang/Byte";
                    break;
                case Type.SHORT:
                    boxed = "java/lang/Short";
                    break;
                case Type.INT:
                    boxed = "java/lang/Integer";
                    break;
                case Type.FLOAT:
                    boxed = "java/lang/Float";
                    break;
                case Type.LONG:
                    boxed = "java/lang/Long";
                    break;
                default:
                    boxed = "java/lang/Double";
            }
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, boxed, "valueOf", "(" + type.getDescriptor() + ")L" + boxed + ";", false);
        }
    }
}
