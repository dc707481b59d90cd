package io.reattach.weave;

import java.util.List;

/**
 * Weaves the ActiveMQ Artemis client's {@code ActiveMQSessionContext.sendFullMessage} so that a send no one awaits
 * asks the broker for no response ({@code bridge.ArtemisSendBridge} says why that changes nothing else). In Java
 * terms, each of its
 *
 * <pre>
 *   boolean responseRequired = confirmationWindow != -1 || sendBlocking;
 * </pre>
 *
 * becomes
 *
 * <pre>
 *   boolean responseRequired = ArtemisSendBridge.responseRequired(confirmationWindow, handler, sendBlocking);
 * </pre>
 *
 * <p>In place, without ASM: the class is defined inside the application's first {@code createConnection}, where ASM's
 * first use would cost tens of milliseconds. javac compiles that line to twelve bytes, which become twelve others, so
 * no instruction moves and no offset, stack map frame or table changes:
 *
 * <pre>
 *   aload_0; getfield confirmationWindow; iconst_m1; if_icmpne +7; iload_2; ifeq +7     (then iconst_1 ... iconst_0)
 *   aload_0; getfield confirmationWindow; aload_3; iload_2; invokestatic responseRequired; ifeq +7
 * </pre>
 *
 * The {@code ifeq} stays where it was, with the same target ({@code iconst_0}); the old {@code if_icmpne} target
 * ({@code iconst_1}) is now reached by falling through, with the same locals and an empty stack, as its frame says.
 * Only these exact bytes are rewritten, with the pool index of the class's own {@code confirmationWindow}; a version
 * of the client compiled otherwise is left as it is, and asks its responses as without the agent.
 */
public final class ArtemisSendResponses {
    /** The class woven, by its internal name. */
    public static final String CLASS = "org/apache/activemq/artemis/core/protocol/core/impl/ActiveMQSessionContext";
    /** The bridge the woven code calls, by its binary name. */
    public static final String BRIDGE = "io.reattach.bridge.ArtemisSendBridge";

    // Names compared as the class file's bytes, not decoded: the class has about a hundred methods, and this runs
    // inside the application's first createConnection, interpreted.
    private static final byte[] METHOD = ClassFile.ascii("sendFullMessage");
    private static final byte[] FIELD = ClassFile.ascii("confirmationWindow");
    private static final byte[] INT = ClassFile.ascii("I");
    private static final byte[] CODE = ClassFile.ascii("Code");
    private static final String HANDLER = "Lorg/apache/activemq/artemis/api/core/client/SendAcknowledgementHandler;";
    private static final String BRIDGE_METHOD = "responseRequired";
    private static final String BRIDGE_DESCRIPTOR = "(ILjava/lang/Object;Z)Z";

    private static final int ALOAD_0 = 0x2A;
    private static final int ALOAD_3 = 0x2D;
    private static final int ILOAD_2 = 0x1C;
    private static final int ICONST_M1 = 0x02;
    private static final int ICONST_1 = 0x04;
    private static final int GETFIELD = 0xB4;
    private static final int INVOKESTATIC = 0xB8;
    private static final int IF_ICMPNE = 0xA0;
    private static final int IFEQ = 0x99;
    private static final int PATTERN_LENGTH = 12;
    /** The operand stack the rewritten bytes need: the window, the handler, sendBlocking. */
    private static final int STACK = 3;

    private final byte[] b;
    private final ClassFile.Pool pool;

    private ArtemisSendResponses(byte[] classFile) {
        this.b = classFile;
        this.pool = new ClassFile.Pool(classFile);
    }

    /** The class file with its sends woven, or null when it has no send of the shape above. */
    public static byte[] weave(byte[] classFile) {
        return new ArtemisSendResponses(classFile).weave();
    }

    private byte[] weave() {
        int i = pool.end;
        int thisClass = ClassFile.u2(b, i + 2);
        int window = fieldref(thisClass);
        if (window == 0) {
            return null;
        }
        i += 8 + 2 * ClassFile.u2(b, i + 6);
        i = ClassFile.skipMembers(b, i); // fields
        int methodCount = ClassFile.u2(b, i);
        i += 2;
        int code = 0;
        for (int k = 0; k < methodCount && code == 0; k++) {
            int next = ClassFile.skipAttributes(b, i + 6);
            if (pool.isUtf8(ClassFile.u2(b, i + 2), METHOD) && sendsItsHandlerThird(ClassFile.u2(b, i), pool.utf8(ClassFile.u2(b, i + 4)))) {
                code = codeAttribute(i + 6);
            }
            i = next;
        }
        if (code == 0 || ClassFile.u2(b, code) < STACK) {
            return null;
        }
        int codeStart = code + 8;
        int codeEnd = codeStart + ClassFile.u4(b, code + 4);
        int invoke = pool.methodref(BRIDGE.replace('.', '/'), BRIDGE_METHOD, BRIDGE_DESCRIPTOR);
        if (pool.count() > 0xFFFF) {
            return null;
        }
        ClassFile.Out out = new ClassFile.Out(b.length + pool.appendedLength());
        pool.writeHead(out);
        out.bytes(b, pool.end, b.length - pool.end);
        byte[] woven = out.toByteArray();
        int shift = pool.appendedLength();
        int rewritten = 0;
        for (int p = codeStart; p + PATTERN_LENGTH < codeEnd; p++) {
            if (isResponseRequiredLine(p, window)) {
                int at = p + shift;
                woven[at + 4] = (byte) ALOAD_3;
                woven[at + 5] = (byte) ILOAD_2;
                woven[at + 6] = (byte) INVOKESTATIC;
                ClassFile.putU2(woven, at + 7, invoke);
                // at + 9: ifeq +7, as it was
                rewritten++;
                p += PATTERN_LENGTH - 1;
            }
        }
        return rewritten == 0 ? null : woven;
    }

    /** The pool index of this class's {@code int confirmationWindow}, 0 when the pool has none. */
    private int fieldref(int thisClass) {
        for (int index = 1; index < pool.count(); index++) {
            int at = pool.offset(index);
            if (at == 0 || b[at] != 9 || ClassFile.u2(b, at + 1) != thisClass) {
                continue;
            }
            int nameAndType = pool.offset(ClassFile.u2(b, at + 3));
            if (pool.isUtf8(ClassFile.u2(b, nameAndType + 1), FIELD) && pool.isUtf8(ClassFile.u2(b, nameAndType + 3), INT)) {
                return index;
            }
        }
        return 0;
    }

    /**
     * An instance method whose second and third arguments are {@code boolean sendBlocking} and the handler, in local
     * slots 2 and 3 after a message (slot 1), as in every Artemis 2.x {@code sendFullMessage}.
     */
    private static boolean sendsItsHandlerThird(int access, String descriptor) {
        if (!ClassFile.isInstanceMethodWithCode(access)) {
            return false;
        }
        List<String> arguments = ClassFile.argumentTypes(descriptor);
        return arguments.size() >= 3 && arguments.get(0).startsWith("L") && arguments.get(1).equals("Z")
                && arguments.get(2).equals(HANDLER);
    }

    /** The offset of the method's Code attribute after its name and length, 0 when it has none. */
    private int codeAttribute(int attributes) {
        int count = ClassFile.u2(b, attributes);
        int i = attributes + 2;
        for (int k = 0; k < count; k++) {
            if (pool.isUtf8(ClassFile.u2(b, i), CODE)) {
                return i + 6;
            }
            i += 6 + ClassFile.u4(b, i + 2);
        }
        return 0;
    }

    /**
     * {@code aload_0; getfield window; iconst_m1; if_icmpne +7; iload_2; ifeq +7; iconst_1}: the line above, as javac
     * writes it. Thirteen bytes with a pool index of this class cannot be an accident of other instructions' operands.
     */
    private boolean isResponseRequiredLine(int p, int window) {
        return (b[p] & 0xff) == ALOAD_0 && (b[p + 1] & 0xff) == GETFIELD && ClassFile.u2(b, p + 2) == window
                && b[p + 4] == ICONST_M1 && (b[p + 5] & 0xff) == IF_ICMPNE && ClassFile.u2(b, p + 6) == 7
                && b[p + 8] == ILOAD_2 && (b[p + 9] & 0xff) == IFEQ && ClassFile.u2(b, p + 10) == 7
                && b[p + 12] == ICONST_1;
    }
}
