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
 * of the one constructor. The code has no branch: the two exception handlers are the only places that need a stack
 * map frame, and both have the method's own locals and the exception on the stack.
 */
public final class ProxyClassFile {

    private static final String HANDLER = "java/lang/reflect/InvocationHandler";
    private static final String HANDLER_DESCRIPTOR = "Ljava/lang/reflect/InvocationHandler;";
    private static final String METHODS_DESCRIPTOR = "[Ljava/lang/reflect/Method;";
    private static final String INVOKE_DESCRIPTOR =
            "(Ljava/lang/Object;Ljava/lang/reflect/Method;[Ljava/lang/Object;)Ljava/lang/Object;";
    private static final String UNDECLARED = "java/lang/reflect/UndeclaredThrowableException";
    private static final int ACC_FINAL = 0x0010;
    private static final int ACC_SUPER = 0x0020;

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
            interfaceEntries[i] = pool.classEntry(internalName(interfaces[i]));
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
        members.u2(ClassFile.ACC_PRIVATE | ACC_FINAL).u2(pool.utf8Entry("h")).u2(pool.utf8Entry(HANDLER_DESCRIPTOR)).u2(0);
        members.u2(ClassFile.ACC_PRIVATE | ACC_FINAL).u2(pool.utf8Entry("m")).u2(pool.utf8Entry(METHODS_DESCRIPTOR)).u2(0);

        members.u2(1 + methods.length);
        writeConstructor(members, pool, object, handlerField, methodsField, code);
        for (int i = 0; i < methods.length; i++) {
            writeMethod(members, pool, methods[i], i, handlerField, methodsField, invoke, code, frames, exceptionsAttribute);
        }

        ClassFile.Out out = new ClassFile.Out(members.size() + pool.appendedLength() + 64);
        out.u4(0xCAFEBABE).u2(0).u2(52); // Java 8, like the rest of the agent
        out.u2(pool.count()).bytes(pool.appended());
        out.u2(ClassFile.ACC_PUBLIC | ACC_FINAL | ACC_SUPER | ClassFile.ACC_SYNTHETIC).u2(thisClass).u2(object);
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
        ClassFile.Out body = new ClassFile.Out(16);
        body.u1(0x2a).u1(0xb7).u2(objectInit); // aload_0, invokespecial Object.<init>
        body.u1(0x2a).u1(0x2b).u1(0xb5).u2(handlerField); // aload_0, aload_1, putfield h
        body.u1(0x2a).u1(0x2c).u1(0xb5).u2(methodsField); // aload_0, aload_2, putfield m
        body.u1(0xb1); // return
        writeCode(out, code, 2, 3, body, new ClassFile.Out(0), 0, 0, null);
    }

    private static void writeMethod(ClassFile.Out out, ClassFile.Pool pool, Method method, int index, int handlerField,
                                    int methodsField, int invoke, int code, int frames, int exceptionsAttribute) {
        Class<?>[] parameters = method.getParameterTypes();
        Class<?>[] declared = method.getExceptionTypes();
        String descriptor = ClassFile.descriptorOf(method);
        out.u2(ClassFile.ACC_PUBLIC | ACC_FINAL).u2(pool.utf8Entry(method.getName())).u2(pool.utf8Entry(descriptor));
        out.u2(declared.length == 0 ? 1 : 2);

        ClassFile.Out body = new ClassFile.Out(32 + 12 * parameters.length);
        body.u1(0x2a).u1(0xb4).u2(handlerField); // aload_0, getfield h
        body.u1(0x2a); // aload_0: the proxy
        body.u1(0x2a).u1(0xb4).u2(methodsField); // aload_0, getfield m
        pushInt(body, index);
        body.u1(0x32); // aaload
        int slot = 1;
        if (parameters.length == 0) {
            body.u1(0x01); // aconst_null, as Proxy passes for a method without parameters
        } else {
            pushInt(body, parameters.length);
            body.u1(0xbd).u2(pool.classEntry("java/lang/Object")); // anewarray Object
            for (int i = 0; i < parameters.length; i++) {
                Class<?> p = parameters[i];
                body.u1(0x59); // dup
                pushInt(body, i);
                body.u1(0x15 + kind(p)).u1(slot); // xload slot (slots fit a byte: at most 255 parameter slots)
                if (p.isPrimitive()) {
                    String box = ClassFile.boxOf(ClassFile.descriptorOf(p));
                    body.u1(0xb8).u2(pool.methodref(pool.classEntry(box), pool.nameAndType(pool.utf8Entry("valueOf"),
                            pool.utf8Entry("(" + ClassFile.descriptorOf(p) + ")L" + box + ";")))); // invokestatic Box.valueOf
                }
                body.u1(0x53); // aastore
                slot += p == long.class || p == double.class ? 2 : 1;
            }
        }
        body.u1(0xb9).u2(invoke).u1(4).u1(0); // invokeinterface InvocationHandler.invoke, 4 argument slots
        int end = body.size();
        writeReturn(body, pool, method.getReturnType());

        // handlers: the exception passes through, or is wrapped
        int rethrow = body.size();
        body.u1(0xbf); // athrow
        int wrap = body.size();
        int undeclared = pool.classEntry(UNDECLARED);
        body.u1(0xbb).u2(undeclared); // new UndeclaredThrowableException
        body.u1(0x5a).u1(0x5f); // dup_x1, swap: [ute, ute, t]
        body.u1(0xb7).u2(pool.methodref(undeclared, pool.nameAndType(pool.utf8Entry("<init>"),
                pool.utf8Entry("(Ljava/lang/Throwable;)V")))); // invokespecial <init>(Throwable)
        body.u1(0xbf); // athrow

        List<Integer> passing = new ArrayList<>();
        passing.add(pool.classEntry("java/lang/RuntimeException"));
        passing.add(pool.classEntry("java/lang/Error"));
        for (Class<?> e : declared) {
            passing.add(pool.classEntry(internalName(e)));
        }
        ClassFile.Out table = new ClassFile.Out(8 * (passing.size() + 1));
        for (int type : passing) {
            table.u2(0).u2(end).u2(rethrow).u2(type);
        }
        table.u2(0).u2(end).u2(wrap).u2(pool.classEntry("java/lang/Throwable"));

        // two frames, each the method's own locals and one Throwable on the stack
        int throwable = pool.classEntry("java/lang/Throwable");
        ClassFile.Out stackMap = new ClassFile.Out(16);
        stackMap.u2(2);
        sameLocalsOneThrowable(stackMap, rethrow, throwable);
        sameLocalsOneThrowable(stackMap, wrap - rethrow - 1, throwable);
        int maxStack = 8; // handler, proxy, method, array, array, index, and a long or double
        writeCode(out, code, maxStack, slot, body, table, passing.size() + 1, frames, stackMap);

        if (declared.length > 0) {
            out.u2(exceptionsAttribute).u4(2 + 2 * declared.length).u2(declared.length);
            for (Class<?> e : declared) {
                out.u2(pool.classEntry(internalName(e)));
            }
        }
    }

    /** Converts the handler's Object to the method's return type and returns it. */
    private static void writeReturn(ClassFile.Out body, ClassFile.Pool pool, Class<?> type) {
        if (type == void.class) {
            body.u1(0x57).u1(0xb1); // pop, return
        } else if (!type.isPrimitive()) {
            if (type != Object.class) {
                body.u1(0xc0).u2(pool.classEntry(internalName(type))); // checkcast
            }
            body.u1(0xb0); // areturn
        } else {
            String d = ClassFile.descriptorOf(type);
            String box = ClassFile.boxOf(d);
            body.u1(0xc0).u2(pool.classEntry(box)); // checkcast Box (null: NullPointerException, as with Proxy)
            body.u1(0xb6).u2(pool.methodref(pool.classEntry(box),
                    pool.nameAndType(pool.utf8Entry(type.getName() + "Value"), pool.utf8Entry("()" + d))));
            body.u1(0xac + kind(type));
        }
    }

    /** A Code attribute; {@code frames} (the StackMapTable's entries, with their count) may be null. */
    private static void writeCode(ClassFile.Out out, int code, int maxStack, int maxLocals, ClassFile.Out body,
                                  ClassFile.Out exceptionTable, int exceptionCount, int stackMapTable, ClassFile.Out frames) {
        int attributes = frames == null ? 0 : 6 + frames.size();
        out.u2(code).u4(12 + body.size() + 8 * exceptionCount + attributes);
        out.u2(maxStack).u2(maxLocals).u4(body.size()).bytes(body.toByteArray());
        out.u2(exceptionCount).bytes(exceptionTable.toByteArray());
        if (frames == null) {
            out.u2(0);
        } else {
            out.u2(1).u2(stackMapTable).u4(frames.size()).bytes(frames.toByteArray());
        }
    }

    /** A same_locals_1_stack_item_frame (or its extended form) with a Throwable on the stack. */
    private static void sameLocalsOneThrowable(ClassFile.Out frames, int offsetDelta, int throwable) {
        if (offsetDelta < 64) {
            frames.u1(64 + offsetDelta);
        } else {
            frames.u1(247).u2(offsetDelta);
        }
        frames.u1(7).u2(throwable); // Object_variable_info
    }

    private static void pushInt(ClassFile.Out body, int value) {
        if (value <= 5) {
            body.u1(0x03 + value); // iconst_n
        } else if (value <= 127) {
            body.u1(0x10).u1(value); // bipush
        } else {
            body.u1(0x11).u2(value); // sipush
        }
    }

    /**
     * Where a type's instruction sits among its kind's five (int, long, float, double, reference): the loads
     * ({@code iload} 0x15 to {@code aload} 0x19) and the returns ({@code ireturn} 0xac to {@code areturn} 0xb0) are in
     * that order. Boolean, byte, char and short load and return as int.
     */
    private static int kind(Class<?> type) {
        if (!type.isPrimitive()) {
            return 4;
        }
        if (type == long.class) {
            return 1;
        }
        if (type == float.class) {
            return 2;
        }
        return type == double.class ? 3 : 0;
    }

    private static String internalName(Class<?> type) {
        return type.getName().replace('.', '/');
    }
}
