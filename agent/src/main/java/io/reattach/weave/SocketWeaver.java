package io.reattach.weave;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves the four JDK classes of the socket support. Each woven method calls only
 * {@code io.reattach.bootstrap.SocketBridge} (on the bootstrap class path: code in {@code java.base} sees nothing
 * else) with java.* types; the bridge does the rest.
 *
 * <table>
 *   <caption>What is woven</caption>
 *   <tr><td>{@code Socket.connect(SocketAddress, int)} (every blocking Socket connect),
 *       {@code SocketChannelImpl.connect(SocketAddress)}, {@code blockingConnect(SocketAddress, long)}</td>
 *       <td>entry: {@code beforeConnect} may replace the address argument; exit: {@code afterConnect} with the
 *       outcome</td></tr>
 *   <tr><td>{@code SocketChannelImpl.finishConnect()}</td><td>exit: {@code afterFinishConnect}, how a non-blocking
 *       connect ended</td></tr>
 *   <tr><td>{@code Socket$SocketInputStream.read(byte[], int, int)}, {@code Socket$SocketOutputStream.write(byte[],
 *       int, int)}, the public {@code read}/{@code write} of {@code SocketChannelImpl}</td><td>exit with a throwable:
 *       {@code ioFailed}, a connected socket failed</td></tr>
 * </table>
 */
public final class SocketWeaver extends ClassWeaver.Selection {
    /** The classes woven, as internal names. */
    public static final String[] CLASSES = {"java/net/Socket", "java/net/Socket$SocketInputStream", "java/net/Socket$SocketOutputStream",
            "sun/nio/ch/SocketChannelImpl"};

    private static final String BRIDGE = "io/reattach/bootstrap/SocketBridge";
    private static final String SOCKET = "java/net/Socket";
    private static final String ADDRESS = "java/net/SocketAddress";
    private static final String BEFORE_CONNECT = "(Ljava/lang/Object;Ljava/net/SocketAddress;IZ)Ljava/net/SocketAddress;";

    private enum Kind { SOCKET_CONNECT, CHANNEL_CONNECT, BLOCKING_CONNECT, FINISH_CONNECT, CHANNEL_IO, STREAM_IO }

    private String owner;
    /** The streams' {@code parent} field, the socket they belong to. */
    private boolean hasParent;

    private SocketWeaver() {
    }

    /** The class file woven, or null when it has none of the methods (another JDK than the ones known). */
    public static byte[] weave(byte[] classFile) {
        return ClassWeaver.weave(classFile, new SocketWeaver());
    }

    @Override
    void visitClass(int version, int access, String name, String superName, String[] interfaces) {
        owner = name;
    }

    @Override
    void visitField(int access, String name, String descriptor) {
        hasParent |= name.equals("parent") && descriptor.equals("L" + SOCKET + ";");
    }

    @Override
    boolean selects(int access, String name, String descriptor) {
        return kind(access, name, descriptor) != null;
    }

    private Kind kind(int access, String name, String descriptor) {
        if (!ClassFile.isInstanceMethodWithCode(access)) {
            return null;
        }
        switch (owner) {
            case SOCKET:
                return name.equals("connect") && descriptor.equals("(Ljava/net/SocketAddress;I)V") ? Kind.SOCKET_CONNECT : null;
            case "java/net/Socket$SocketInputStream":
                return hasParent && name.equals("read") && descriptor.equals("([BII)I") ? Kind.STREAM_IO : null;
            case "java/net/Socket$SocketOutputStream":
                return hasParent && name.equals("write") && descriptor.equals("([BII)V") ? Kind.STREAM_IO : null;
            case "sun/nio/ch/SocketChannelImpl":
                return channelKind(access, name, descriptor);
            default:
                return null;
        }
    }

    private static Kind channelKind(int access, String name, String descriptor) {
        if (name.equals("connect") && descriptor.equals("(Ljava/net/SocketAddress;)Z")) {
            return Kind.CHANNEL_CONNECT;
        }
        if (name.equals("blockingConnect") && descriptor.equals("(Ljava/net/SocketAddress;J)V")) {
            return Kind.BLOCKING_CONNECT;
        }
        if (name.equals("finishConnect") && descriptor.equals("()Z")) {
            return Kind.FINISH_CONNECT;
        }
        boolean buffers = descriptor.startsWith("(Ljava/nio/ByteBuffer;") || descriptor.startsWith("([Ljava/nio/ByteBuffer;");
        if ((name.equals("read") || name.equals("write")) && buffers && (access & Opcodes.ACC_PUBLIC) != 0) {
            return Kind.CHANNEL_IO;
        }
        return null;
    }

    @Override
    MethodWrap wrap(MethodVisitor next, Target target) {
        Kind kind = kind(target.access, target.name, target.descriptor);
        switch (kind) {
            case FINISH_CONNECT:
                return new FinishConnect(next, target);
            case CHANNEL_IO:
            case STREAM_IO:
                return new IoFailure(next, target, kind == Kind.STREAM_IO);
            default:
                return new Connect(next, target, kind);
        }
    }

    /** Own locals: the socket or channel, and the address the bridge chose (null: the connect is left alone). */
    private static final class Connect extends MethodWrap {
        private final Kind kind;

        Connect(MethodVisitor next, Target target, Kind kind) {
            super(next, target, "java/lang/Object", ADDRESS);
            this.kind = kind;
        }

        @Override
        protected void onEnter() {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ASTORE, own(0));
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            switch (kind) {
                case SOCKET_CONNECT:
                    mv.visitVarInsn(Opcodes.ILOAD, 2);
                    mv.visitInsn(Opcodes.ICONST_0);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "beforeConnect", BEFORE_CONNECT, false);
                    break;
                case CHANNEL_CONNECT:
                    mv.visitInsn(Opcodes.ICONST_0);
                    mv.visitInsn(Opcodes.ICONST_1);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "beforeConnect", BEFORE_CONNECT, false);
                    break;
                default:
                    mv.visitVarInsn(Opcodes.LLOAD, 2);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "beforeBlockingConnect",
                            "(Ljava/lang/Object;Ljava/net/SocketAddress;J)Ljava/net/SocketAddress;", false);
            }
            mv.visitInsn(Opcodes.DUP);
            mv.visitVarInsn(Opcodes.ASTORE, own(1));
            Label keep = new Label();
            mv.visitJumpInsn(Opcodes.IFNULL, keep);
            mv.visitVarInsn(Opcodes.ALOAD, own(1));
            mv.visitVarInsn(Opcodes.ASTORE, 1); // the connect goes where the bridge said
            mv.visitLabel(keep);
            enterFrame();
        }

        @Override
        protected void onExit() {
            mv.visitVarInsn(Opcodes.ALOAD, own(0));
            mv.visitVarInsn(Opcodes.ALOAD, own(1));
            if (kind == Kind.CHANNEL_CONNECT) {
                mv.visitVarInsn(Opcodes.ILOAD, resultSlot()); // false: a non-blocking connect is under way
            } else {
                mv.visitInsn(Opcodes.ICONST_1);
            }
            mv.visitVarInsn(Opcodes.ALOAD, thrownSlot());
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "afterConnect",
                    "(Ljava/lang/Object;Ljava/net/SocketAddress;ZLjava/lang/Throwable;)V", false);
        }
    }

    private static final class FinishConnect extends MethodWrap {
        FinishConnect(MethodVisitor next, Target target) {
            super(next, target, "java/lang/Object");
        }

        @Override
        protected void onEnter() {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ASTORE, own(0));
        }

        @Override
        protected void onExit() {
            mv.visitVarInsn(Opcodes.ALOAD, own(0));
            mv.visitVarInsn(Opcodes.ILOAD, resultSlot());
            mv.visitVarInsn(Opcodes.ALOAD, thrownSlot());
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "afterFinishConnect", "(Ljava/lang/Object;ZLjava/lang/Throwable;)V", false);
        }
    }

    /** A read or write: the bridge hears of it only when it threw. Own local: the socket or channel. */
    private static final class IoFailure extends MethodWrap {
        private final boolean stream;

        IoFailure(MethodVisitor next, Target target, boolean stream) {
            super(next, target, "java/lang/Object");
            this.stream = stream;
        }

        @Override
        protected void onEnter() {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            if (stream) {
                mv.visitFieldInsn(Opcodes.GETFIELD, target.owner, "parent", "L" + SOCKET + ";");
            }
            mv.visitVarInsn(Opcodes.ASTORE, own(0));
        }

        @Override
        protected void onExit() {
            Label done = new Label();
            mv.visitVarInsn(Opcodes.ALOAD, thrownSlot());
            mv.visitJumpInsn(Opcodes.IFNULL, done);
            mv.visitVarInsn(Opcodes.ALOAD, own(0));
            mv.visitVarInsn(Opcodes.ALOAD, thrownSlot());
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "ioFailed", "(Ljava/lang/Object;Ljava/lang/Throwable;)V", false);
            mv.visitLabel(done);
            exitFrame();
        }
    }
}
