package io.reattach.weave;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Weaves the ConnectionFactory methods ({@link FactoryMethods}) of a class as it is defined, without ASM: each keeps
 * its code under a private name ({@code createConnection$reattach}), and a new method with the original name,
 * descriptor, flags and attributes takes its place and calls the bridge around it. In Java terms:
 *
 * <pre>
 *   Object call = null;
 *   try { call = ReattachBridge.enter(this, "owner", "createConnection", "(...)Ljavax/jms/Connection;", new Object[]{args}); } catch (Throwable t) { }
 *   if (call == null) return createConnection$reattach(args);
 *   Object result = null; Throwable thrown = null;
 *   try { result = createConnection$reattach(args); } catch (Throwable t) { thrown = t; }
 *   try {
 *       Object[] outcome = ReattachBridge.exit(call, result, thrown);
 *       if (outcome != null) { Object r = (Connection) outcome[0]; thrown = (Throwable) outcome[1]; result = r; }
 *   } catch (Throwable t) { }
 *   if (thrown != null) throw thrown;
 *   return (Connection) result;
 * </pre>
 *
 * The same outcome as {@link FactoryWeaver}'s, which wraps the body in place. Why a second weaver: the first use of
 * ASM, which loads and verifies about 30 classes and then runs them in the interpreter, cost about 25 ms inside the
 * application's first {@code createConnection} (BENCHMARKS.md); this class reads only the class file's structure and
 * writes one small method per factory method, from a template whose stack map frames are written out below.
 *
 * <p>Only for a class being defined: a retransformation may not add methods. So a class loaded before an attach is
 * woven by {@link FactoryWeaver}, and a class woven here is woven here again if something retransforms it
 * ({@link #isWovenHere}), so that its methods stay the same. The cost of the shape: the original code shows in stack
 * traces under its new name, below a frame of the original name.
 */
public final class FactoryDelegation {
    /** Appended to a woven method's name to name the method that keeps its original code. */
    public static final String SUFFIX = "$reattach";

    private static final String BRIDGE = "io/reattach/bridge/ReattachBridge";
    private static final String ENTER = "(Ljava/lang/Object;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/Object;";
    private static final String EXIT = "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)[Ljava/lang/Object;";

    /** The woven method's own locals after the arguments: the call, the result, the throwable, the outcome. */
    private static final int OWN_LOCALS = 4;

    private final byte[] b;
    private final ClassFile.Pool pool;

    private FactoryDelegation(byte[] classFile) {
        this.b = classFile;
        this.pool = new ClassFile.Pool(classFile);
    }

    /** The class file with its factory methods woven, or null when it has none (or a shape this class does not write). */
    public static byte[] weave(byte[] classFile) {
        return new FactoryDelegation(classFile).weave();
    }

    /** Whether a loaded class was woven here: then a retransformation must weave it here again. */
    public static boolean isWovenHere(Class<?> type) {
        try {
            for (Method m : type.getDeclaredMethods()) {
                if (m.getName().endsWith(SUFFIX)) {
                    return true;
                }
            }
        } catch (Throwable t) { // a signature type that does not load: not one of ours
            return false;
        }
        return false;
    }

    private byte[] weave() {
        int i = pool.end;
        int access = ClassFile.u2(b, i);
        int thisClass = ClassFile.u2(b, i + 2);
        String superName = pool.className(ClassFile.u2(b, i + 4));
        int interfaceCount = ClassFile.u2(b, i + 6);
        List<String> interfaces = new ArrayList<>();
        for (int k = 0; k < interfaceCount; k++) {
            interfaces.add(pool.className(ClassFile.u2(b, i + 8 + 2 * k)));
        }
        if (!FactoryMethods.mayBeFactoryClass(access, superName, interfaces)) {
            return null;
        }
        i += 8 + 2 * interfaceCount;
        i = ClassFile.skipMembers(b, i); // fields
        int methodsAt = i;
        int methodCount = ClassFile.u2(b, i);
        i += 2;
        List<int[]> selected = new ArrayList<>(); // {offset, length} of each method_info picked
        for (int k = 0; k < methodCount; k++) {
            int methodAccess = ClassFile.u2(b, i);
            String name = pool.utf8(ClassFile.u2(b, i + 2));
            String descriptor = pool.utf8(ClassFile.u2(b, i + 4));
            int next = ClassFile.skipAttributes(b, i + 6);
            if (name.endsWith(SUFFIX)) {
                return null; // woven already
            }
            if (FactoryMethods.isFactoryMethod(methodAccess, name, descriptor)) {
                selected.add(new int[]{i, next - i});
            }
            i = next;
        }
        int methodsEnd = i;
        if (selected.isEmpty()) {
            return null;
        }
        int version = ClassFile.u2(b, 6);
        ClassFile.Out out = new ClassFile.Out(b.length + 512 * selected.size());
        List<byte[]> wovenMethods = new ArrayList<>();
        for (int[] m : selected) {
            byte[] woven = delegate(m[0], m[1], thisClass, version);
            if (woven == null) {
                return null;
            }
            wovenMethods.add(woven);
        }
        if (pool.count() > 0xFFFF) {
            return null;
        }
        pool.writeHead(out);
        out.bytes(b, pool.end, methodsAt - pool.end);
        out.u2(methodCount + selected.size());
        out.bytes(b, methodsAt + 2, methodsEnd - methodsAt - 2);
        for (byte[] w : wovenMethods) {
            out.bytes(w);
        }
        out.bytes(b, methodsEnd, b.length - methodsEnd);
        byte[] result = out.toByteArray();
        // The originals, renamed and made private, in place: the first two bytes of each are its access flags, the
        // next two its name.
        int shift = pool.appendedLength();
        for (int[] m : selected) {
            int at = m[0] + shift;
            int methodAccess = ClassFile.u2(result, at);
            ClassFile.putU2(result, at, (methodAccess & ~(ClassFile.ACC_PUBLIC | ClassFile.ACC_PROTECTED))
                    | ClassFile.ACC_PRIVATE | ClassFile.ACC_SYNTHETIC);
            ClassFile.putU2(result, at + 2, renamedName(ClassFile.u2(b, m[0] + 2))); // appended by delegate already
        }
        return result;
    }

    /**
     * The method_info of the method that takes the original's place: its flags, name and descriptor, a new Code, and
     * every other attribute of the original (exceptions, generic signature, annotations). Null for a shape not written.
     */
    private byte[] delegate(int at, int length, int thisClass, int version) {
        int access = ClassFile.u2(b, at);
        int nameIndex = ClassFile.u2(b, at + 2);
        int descriptorIndex = ClassFile.u2(b, at + 4);
        String descriptor = pool.utf8(descriptorIndex);
        List<String> arguments = ClassFile.argumentTypes(descriptor);
        int firstOwn = 1;
        for (String a : arguments) {
            firstOwn += ClassFile.slots(a);
        }
        if (firstOwn + OWN_LOCALS > 0xFF) {
            return null; // the template uses one-byte local indexes
        }
        String returned = descriptor.substring(descriptor.indexOf(')') + 2, descriptor.length() - 1);
        int original = pool.methodref(thisClass, pool.nameAndType(renamedName(nameIndex), descriptorIndex));
        int returnClass = pool.classEntry(returned);
        int throwable = pool.classEntry("java/lang/Throwable");

        Template t = new Template(firstOwn);
        int call = firstOwn;
        int result = firstOwn + 1;
        int thrown = firstOwn + 2;
        int outcome = firstOwn + 3;

        t.op(Template.ACONST_NULL).local(Template.ASTORE, call);
        int enterStart = t.frameAppend(pool.classEntry("java/lang/Object"));
        t.op(Template.ALOAD_0);
        t.op(Template.LDC_W).u2(pool.string(ClassFile.u2(b, pool.offset(thisClass) + 1)));
        t.op(Template.LDC_W).u2(pool.string(nameIndex));
        t.op(Template.LDC_W).u2(pool.string(descriptorIndex));
        t.argumentArray(arguments, pool);
        t.op(Template.INVOKESTATIC).u2(bridgeMethod("enter", ENTER)).local(Template.ASTORE, call);
        int enterEnd = t.position();
        int toBody = t.jump(Template.GOTO);
        int enterHandler = t.frameSameWithThrowable(throwable);
        t.op(Template.POP);
        t.land(toBody);
        t.frameSame();
        t.local(Template.ALOAD, call);
        int toManaged = t.jump(Template.IFNONNULL);
        t.op(Template.ALOAD_0).loadArguments(arguments).op(Template.INVOKESPECIAL).u2(original).op(Template.ARETURN);
        t.land(toManaged);
        t.frameSame();
        t.op(Template.ACONST_NULL).local(Template.ASTORE, result).op(Template.ACONST_NULL).local(Template.ASTORE, thrown);
        int bodyStart = t.frameAppend(pool.classEntry("java/lang/Object"), throwable);
        t.op(Template.ALOAD_0).loadArguments(arguments).op(Template.INVOKESPECIAL).u2(original).local(Template.ASTORE, result);
        int bodyEnd = t.position();
        int toExit = t.jump(Template.GOTO);
        int bodyHandler = t.frameSameWithThrowable(throwable);
        t.local(Template.ASTORE, thrown);
        t.land(toExit);
        t.frameSame();
        int exitStart = t.position();
        t.local(Template.ALOAD, call).local(Template.ALOAD, result).local(Template.ALOAD, thrown);
        t.op(Template.INVOKESTATIC).u2(bridgeMethod("exit", EXIT)).local(Template.ASTORE, outcome);
        t.local(Template.ALOAD, outcome);
        int noOutcome = t.jump(Template.IFNULL);
        // Both casts before either store: an outcome of the wrong shape leaves the method's own outcome whole.
        t.local(Template.ALOAD, outcome).op(Template.ICONST_0).op(Template.AALOAD).op(Template.CHECKCAST).u2(returnClass);
        t.local(Template.ALOAD, outcome).op(Template.ICONST_0 + 1).op(Template.AALOAD).op(Template.CHECKCAST).u2(throwable);
        t.local(Template.ASTORE, thrown).local(Template.ASTORE, result);
        int exitEnd = t.position();
        int toOut = t.jump(Template.GOTO);
        int exitHandler = t.frameSameWithThrowable(throwable);
        t.op(Template.POP);
        t.land(noOutcome);
        t.land(toOut);
        t.frameSame();
        t.local(Template.ALOAD, thrown);
        int toReturn = t.jump(Template.IFNULL);
        t.local(Template.ALOAD, thrown).op(Template.ATHROW);
        t.land(toReturn);
        t.frameSame();
        t.local(Template.ALOAD, result).op(Template.CHECKCAST).u2(returnClass).op(Template.ARETURN);

        int[][] handlers = {{enterStart, enterEnd, enterHandler, 0}, {bodyStart, bodyEnd, bodyHandler, 0},
                {exitStart, exitEnd, exitHandler, 0}};
        // older class files have no stack map frames, and need none
        int frameName = version >= 50 ? pool.utf8Entry("StackMapTable") : 0;

        ClassFile.Out m = new ClassFile.Out(t.position() + length + 128);
        m.u2(access).u2(nameIndex).u2(descriptorIndex);
        int attributeCount = ClassFile.u2(b, at + 6);
        List<int[]> kept = new ArrayList<>();
        for (int k = 0, a = at + 8; k < attributeCount; k++) {
            int attributeLength = ClassFile.u4(b, a + 2);
            if (!"Code".equals(pool.utf8(ClassFile.u2(b, a)))) {
                kept.add(new int[]{a, 6 + attributeLength});
            }
            a += 6 + attributeLength;
        }
        m.u2(1 + kept.size());
        t.writeCode(m, pool.utf8Entry("Code"), Math.max(9, firstOwn), firstOwn + OWN_LOCALS, handlers, frameName);
        for (int[] k : kept) {
            m.bytes(b, k[0], k[1]);
        }
        return m.toByteArray();
    }

    /** The pool's entry for the bridge's method; the pool appends an entry once, however often it is asked. */
    private int bridgeMethod(String name, String descriptor) {
        return pool.methodref(BRIDGE, name, descriptor);
    }

    /** The UTF-8 entry of the name under which the method named by {@code nameIndex} keeps its original code. */
    private int renamedName(int nameIndex) {
        return pool.utf8Entry(pool.utf8(nameIndex) + SUFFIX);
    }
}
