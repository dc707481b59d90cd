package io.reattach.weave;

import java.util.List;

/**
 * The bytecode of one method written by hand for {@link FactoryDelegation} and {@link ProxyClassFile}: instructions,
 * forward jumps patched when
 * their target is reached, and the stack map frames at each target. Frames are written relative to the one before
 * (JVMS 4.7.4), starting from the frame the method's descriptor implies, so the arguments' types never need naming.
 * Local indexes are one byte: the caller keeps them below 256.
 */
final class Template {
    static final int ACONST_NULL = 0x01;
    static final int ICONST_0 = 0x03;
    static final int BIPUSH = 0x10;
    static final int SIPUSH = 0x11;
    static final int LDC_W = 0x13;
    static final int ILOAD = 0x15;
    static final int LLOAD = 0x16;
    static final int FLOAD = 0x17;
    static final int DLOAD = 0x18;
    static final int ALOAD = 0x19;
    static final int ALOAD_0 = 0x2a;
    static final int ALOAD_1 = 0x2b;
    static final int ALOAD_2 = 0x2c;
    static final int AALOAD = 0x32;
    static final int ASTORE = 0x3a;
    static final int AASTORE = 0x53;
    static final int POP = 0x57;
    static final int DUP = 0x59;
    static final int DUP_X1 = 0x5a;
    static final int SWAP = 0x5f;
    static final int GOTO = 0xa7;
    static final int IRETURN = 0xac;
    static final int LRETURN = 0xad;
    static final int FRETURN = 0xae;
    static final int DRETURN = 0xaf;
    static final int ARETURN = 0xb0;
    static final int RETURN = 0xb1;
    static final int GETFIELD = 0xb4;
    static final int PUTFIELD = 0xb5;
    static final int INVOKEVIRTUAL = 0xb6;
    static final int INVOKESPECIAL = 0xb7;
    static final int INVOKESTATIC = 0xb8;
    static final int INVOKEINTERFACE = 0xb9;
    static final int NEW = 0xbb;
    static final int ANEWARRAY = 0xbd;
    static final int ATHROW = 0xbf;
    static final int CHECKCAST = 0xc0;
    static final int IFNULL = 0xc6;
    static final int IFNONNULL = 0xc7;

    private static final int SAME_LOCALS_1_STACK_ITEM_EXTENDED = 247;
    private static final int SAME_FRAME_EXTENDED = 251;
    private static final int ITEM_OBJECT = 7;

    private final ClassFile.Out code = new ClassFile.Out(256);
    private final ClassFile.Out frames = new ClassFile.Out(64);
    private int frameCount;
    private int lastFrame = -1;
    private final int firstOwn;

    /** @param firstOwn the first local after {@code this} and the arguments */
    Template(int firstOwn) {
        this.firstOwn = firstOwn;
    }

    Template op(int opcode) {
        code.u1(opcode);
        return this;
    }

    Template u2(int value) {
        code.u2(value);
        return this;
    }

    Template local(int opcode, int index) {
        code.u1(opcode).u1(index);
        return this;
    }

    Template push(int value) {
        if (value <= 5) {
            return op(ICONST_0 + value);
        }
        if (value <= Byte.MAX_VALUE) {
            code.u1(BIPUSH).u1(value);
        } else {
            code.u1(SIPUSH).u2(value);
        }
        return this;
    }

    /** The argument in {@code slot}, by its descriptor. */
    Template load(String descriptor, int slot) {
        switch (descriptor.charAt(0)) {
            case 'J':
                return local(LLOAD, slot);
            case 'F':
                return local(FLOAD, slot);
            case 'D':
                return local(DLOAD, slot);
            case 'L':
            case '[':
                return local(ALOAD, slot);
            default:
                return local(ILOAD, slot);
        }
    }

    /** A value of this descriptor on the stack, returned ({@code return} for {@code V}). */
    Template returnValue(String descriptor) {
        switch (descriptor.charAt(0)) {
            case 'V':
                return op(RETURN);
            case 'J':
                return op(LRETURN);
            case 'F':
                return op(FRETURN);
            case 'D':
                return op(DRETURN);
            case 'L':
            case '[':
                return op(ARETURN);
            default:
                return op(IRETURN);
        }
    }

    /** {@code invokeinterface}: the method's entry and the stack slots of its receiver and arguments. */
    Template invokeInterface(int interfaceMethodref, int argumentSlots) {
        code.u1(INVOKEINTERFACE).u2(interfaceMethodref).u1(argumentSlots).u1(0);
        return this;
    }

    /** A new {@code Object[]} with every argument, in order, primitives boxed. */
    Template argumentArray(List<String> descriptors, ClassFile.Pool pool) {
        push(descriptors.size()).op(ANEWARRAY).u2(pool.classEntry("java/lang/Object"));
        int slot = 1;
        for (int k = 0; k < descriptors.size(); k++) {
            String a = descriptors.get(k);
            op(DUP).push(k).load(a, slot);
            String box = ClassFile.boxOf(a);
            if (box != null) {
                op(INVOKESTATIC).u2(pool.methodref(pool.classEntry(box),
                        pool.nameAndType(pool.utf8Entry("valueOf"), pool.utf8Entry("(" + a + ")L" + box + ";"))));
            }
            op(AASTORE);
            slot += ClassFile.slots(a);
        }
        return this;
    }

    /** Every argument, in order, as the method received them. */
    Template loadArguments(List<String> descriptors) {
        int slot = 1;
        for (String d : descriptors) {
            load(d, slot);
            slot += ClassFile.slots(d);
        }
        if (slot != firstOwn) {
            throw new IllegalStateException("argument slots " + slot + " != " + firstOwn);
        }
        return this;
    }

    int position() {
        return code.size();
    }

    /** A forward jump; {@link #land} sets its target. Returns where it is. */
    int jump(int opcode) {
        int at = position();
        code.u1(opcode).u2(0);
        return at;
    }

    /** The jump written at {@code jumpAt} goes here. */
    void land(int jumpAt) {
        code.patchU2(jumpAt + 1, position() - jumpAt);
    }

    /** A frame here with the locals of the frame before and nothing on the stack. Returns where it is. */
    int frameSame() {
        frames.u1(SAME_FRAME_EXTENDED).u2(delta());
        return mark();
    }

    /** A frame here with the locals of the frame before and one {@code Throwable} (class entry) on the stack: a handler. */
    int frameSameWithThrowable(int throwableClass) {
        frames.u1(SAME_LOCALS_1_STACK_ITEM_EXTENDED).u2(delta()).u1(ITEM_OBJECT).u2(throwableClass);
        return mark();
    }

    /** A frame here that adds locals of these classes (class entries, 1 to 3) after those of the frame before. */
    int frameAppend(int... classes) {
        frames.u1(SAME_FRAME_EXTENDED + classes.length).u2(delta());
        for (int c : classes) {
            frames.u1(ITEM_OBJECT).u2(c);
        }
        return mark();
    }

    private int delta() {
        return lastFrame < 0 ? position() : position() - lastFrame - 1;
    }

    private int mark() {
        lastFrame = position();
        frameCount++;
        return lastFrame;
    }

    byte[] code() {
        return code.toByteArray();
    }

    /** The StackMapTable's entries (without their count, {@link #frameCount}). */
    byte[] frames() {
        return frames.toByteArray();
    }

    int frameCount() {
        return frameCount;
    }

    /**
     * The method's Code attribute, with these exception handlers ({@code {start, end, handler, catch type}}; type 0
     * catches everything) and, unless {@code stackMapTable} is 0 (a class file older than version 50), the frames.
     */
    void writeCode(ClassFile.Out out, int codeName, int maxStack, int maxLocals, int[][] handlers, int stackMapTable) {
        byte[] code = code();
        byte[] frameTable = frames();
        boolean withFrames = stackMapTable != 0;
        out.u2(codeName).u4(12 + code.length + 8 * handlers.length + (withFrames ? 8 + frameTable.length : 0));
        out.u2(maxStack).u2(maxLocals).u4(code.length).bytes(code);
        out.u2(handlers.length);
        for (int[] h : handlers) {
            out.u2(h[0]).u2(h[1]).u2(h[2]).u2(h[3]);
        }
        if (withFrames) {
            out.u2(1).u2(stackMapTable).u4(2 + frameTable.length).u2(frameCount).bytes(frameTable);
        } else {
            out.u2(0);
        }
    }
}
