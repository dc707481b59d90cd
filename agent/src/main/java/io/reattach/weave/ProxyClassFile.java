package io.reattach.weave;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The class file of a proxy class: what {@code java.lang.reflect.Proxy} generates, written by hand, so that the
 * agent's first JMS objects do not pay for the JDK's proxy generator (BENCHMARKS.md, "Time to first send": on JDK 25 it
 * is written with the {@code java.lang.classfile} API, whose first use costs a short-lived application tens of
 * milliseconds).
 *
 * <p>The class implements the given interfaces, and each given method calls the handler as a {@code Proxy} would:
 * {@code h.invoke(this, m[i], args)}, the arguments boxed into a new array (null for none), the result unboxed or cast.
 * A {@code RuntimeException}, an {@code Error} or an exception the method declares passes through; any other is
 * wrapped in an {@code UndeclaredThrowableException}. The handler and the {@code Method} array are the two arguments
 * of the one constructor. The code ({@link Template}) has no branch: the two exception handlers are the only places
 * that need a stack map frame, and both have the method's own locals and the exception on the stack.
 */
public final class ProxyClassFile {

    private static final String HANDLER = "java/lang/reflect/InvocationHandler";
    private static final String HANDLER_DESCRIPTOR = "Ljava/lang/reflect/InvocationHandler;";
    private static final String METHODS_DESCRIPTOR = "[Ljava/lang/reflect/Method;";
    private static final String INVOKE_DESCRIPTOR =
            "(Ljava/lang/Object;Ljava/lang/reflect/Method;[Ljava/lang/Object;)Ljava/lang/Object;";
    private static final String UNDECLARED = "java/lang/reflect/UndeclaredThrowableException";

    private ProxyClassFile() {
    }

    /**
     * @param className  the proxy class's binary name, in the package of the interfaces
     * @param interfaces the interfaces it implements
     * @param methods    the methods it implements, none static; {@code methods[i]} is the one the handler is given as
     *                   {@code m[i]}
     */
    public static byte[] write(String className, Class<?>[] interfaces, Method[] methods) {
        ClassFile.Pool pool = ClassFile.Pool.empty();
        int thisClass = pool.classEntry(className.replace('.', '/'));
        int object = pool.classEntry("java/lang/Object");
        int[] interfaceEntries = new int[interfaces.length];
        for (int i = 0; i < interfaces.length; i++) {
            interfaceEntries[i] = pool.classEntry(ClassFile.internalName(interfaces[i]));
        }
        int handlerField = pool.fieldref(thisClass, pool.nameAndType(pool.utf8Entry("h"), pool.utf8Entry(HANDLER_DESCRIPTOR)));
        int methodsField = pool.fieldref(thisClass, pool.nameAndType(pool.utf8Entry("m"), pool.utf8Entry(METHODS_DESCRIPTOR)));
        int invoke = pool.interfaceMethodref(pool.classEntry(HANDLER),
                pool.nameAndType(pool.utf8Entry("invoke"), pool.utf8Entry(INVOKE_DESCRIPTOR)));
        int code = pool.utf8Entry("Code");
        int frames = pool.utf8Entry("StackMapTable");
        int exceptionsAttribute = pool.utf8Entry("Exceptions");

        ClassFile.Out members = new ClassFile.Out(256 + 96 * methods.length);
        // fields: private final InvocationHandler h; private final Method[] m;
        members.u2(2);
        members.u2(ClassFile.ACC_PRIVATE | ClassFile.ACC_FINAL).u2(pool.utf8Entry("h")).u2(pool.utf8Entry(HANDLER_DESCRIPTOR)).u2(0);
        members.u2(ClassFile.ACC_PRIVATE | ClassFile.ACC_FINAL).u2(pool.utf8Entry("m")).u2(pool.utf8Entry(METHODS_DESCRIPTOR)).u2(0);

        members.u2(1 + methods.length);
        writeConstructor(members, pool, object, handlerField, methodsField, code);
        for (int i = 0; i < methods.length; i++) {
            writeMethod(members, pool, methods[i], i, handlerField, methodsField, invoke, code, frames, exceptionsAttribute);
        }

        ClassFile.Out out = new ClassFile.Out(members.size() + pool.appendedLength() + 64);
        out.u4(0xCAFEBABE).u2(0).u2(52); // Java 8, like the rest of the agent
        out.u2(pool.count()).bytes(pool.appended());
        out.u2(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER | ClassFile.ACC_SYNTHETIC).u2(thisClass).u2(object);
        out.u2(interfaceEntries.length);
        for (int entry : interfaceEntries) {
            out.u2(entry);
        }
        out.bytes(members.toByteArray());
        out.u2(0); // no class attributes
        return out.toByteArray();
    }

    /** {@code public <init>(InvocationHandler h, Method[] m) { super(); this.h = h; this.m = m; }} */
    private static void writeConstructor(ClassFile.Out out, ClassFile.Pool pool, int object, int handlerField,
                                         int methodsField, int code) {
        int objectInit = pool.methodref(object, pool.nameAndType(pool.utf8Entry("<init>"), pool.utf8Entry("()V")));
        out.u2(ClassFile.ACC_PUBLIC).u2(pool.utf8Entry("<init>"))
                .u2(pool.utf8Entry("(" + HANDLER_DESCRIPTOR + METHODS_DESCRIPTOR + ")V"));
        out.u2(1);
        Template t = new Template(3);
        t.op(Template.ALOAD_0).op(Template.INVOKESPECIAL).u2(objectInit);
        t.op(Template.ALOAD_0).op(Template.ALOAD_1).op(Template.PUTFIELD).u2(handlerField);
        t.op(Template.ALOAD_0).op(Template.ALOAD_2).op(Template.PUTFIELD).u2(methodsField);
        t.op(Template.RETURN);
        t.writeCode(out, code, 2, 3, new int[0][], 0);
    }

    private static void writeMethod(ClassFile.Out out, ClassFile.Pool pool, Method method, int index, int handlerField,
                                    int methodsField, int invoke, int code, int frames, int exceptionsAttribute) {
        String descriptor = ClassFile.descriptorOf(method);
        List<String> arguments = ClassFile.argumentTypes(descriptor);
        int firstOwn = 1;
        for (String a : arguments) {
            firstOwn += ClassFile.slots(a);
        }
        if (firstOwn > 0xFF) {
            throw new IllegalArgumentException(method + ": the template's local indexes are one byte");
        }
        Class<?>[] declared = method.getExceptionTypes();
        out.u2(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL).u2(pool.utf8Entry(method.getName())).u2(pool.utf8Entry(descriptor));
        out.u2(declared.length == 0 ? 1 : 2);

        Template t = new Template(firstOwn);
        t.op(Template.ALOAD_0).op(Template.GETFIELD).u2(handlerField);
        t.op(Template.ALOAD_0); // the proxy
        t.op(Template.ALOAD_0).op(Template.GETFIELD).u2(methodsField).push(index).op(Template.AALOAD);
        if (arguments.isEmpty()) {
            t.op(Template.ACONST_NULL); // as Proxy passes for a method without parameters
        } else {
            t.argumentArray(arguments, pool);
        }
        t.invokeInterface(invoke, 4);
        int end = t.position();
        writeReturn(t, pool, method.getReturnType());

        // handlers: the exception passes through, or is wrapped; each frame has the method's own locals and the
        // exception on the stack
        int throwable = pool.classEntry("java/lang/Throwable");
        int rethrow = t.frameSameWithThrowable(throwable);
        t.op(Template.ATHROW);
        int wrap = t.frameSameWithThrowable(throwable);
        int undeclared = pool.classEntry(UNDECLARED);
        t.op(Template.NEW).u2(undeclared).op(Template.DUP_X1).op(Template.SWAP); // [ute, ute, t]
        t.op(Template.INVOKESPECIAL).u2(pool.methodref(undeclared, pool.nameAndType(pool.utf8Entry("<init>"),
                pool.utf8Entry("(Ljava/lang/Throwable;)V"))));
        t.op(Template.ATHROW);

        List<int[]> handlers = new ArrayList<>();
        handlers.add(new int[]{0, end, rethrow, pool.classEntry("java/lang/RuntimeException")});
        handlers.add(new int[]{0, end, rethrow, pool.classEntry("java/lang/Error")});
        for (Class<?> e : declared) {
            handlers.add(new int[]{0, end, rethrow, pool.classEntry(ClassFile.internalName(e))});
        }
        handlers.add(new int[]{0, end, wrap, throwable});
        int maxStack = 8; // handler, proxy, method, array, array, index, and a long or double
        t.writeCode(out, code, maxStack, firstOwn, handlers.toArray(new int[0][]), frames);

        if (declared.length > 0) {
            out.u2(exceptionsAttribute).u4(2 + 2 * declared.length).u2(declared.length);
            for (Class<?> e : declared) {
                out.u2(pool.classEntry(ClassFile.internalName(e)));
            }
        }
    }

    /** Converts the handler's Object to the method's return type and returns it. */
    private static void writeReturn(Template t, ClassFile.Pool pool, Class<?> type) {
        String d = ClassFile.descriptorOf(type);
        String box = ClassFile.boxOf(d);
        if (type == void.class) {
            t.op(Template.POP);
        } else if (box != null) { // null: NullPointerException, as with Proxy
            t.op(Template.CHECKCAST).u2(pool.classEntry(box)).op(Template.INVOKEVIRTUAL).u2(pool.methodref(
                    pool.classEntry(box), pool.nameAndType(pool.utf8Entry(type.getName() + "Value"), pool.utf8Entry("()" + d))));
        } else if (type != Object.class) {
            t.op(Template.CHECKCAST).u2(pool.classEntry(ClassFile.internalName(type)));
        }
        t.returnValue(d);
    }
}
