package io.reattach.net;

import io.reattach.bootstrap.SocketBridge;
import net.bytebuddy.asm.Advice;

import java.net.SocketAddress;

/**
 * The advice inlined into JDK classes. Each piece calls only {@link SocketBridge} (on the bootstrap class path)
 * and java.* types, and suppresses every throwable: the JDK's code runs on as if the agent were absent.
 * For a connect the agent leaves alone, the enter advice costs one call and one array look-up
 * ({@link SocketEngine#beforeConnect}), and the exit advice a null check.
 */
public final class SocketAdvice {
    private SocketAdvice() {
    }

    /** {@code java.net.Socket.connect(SocketAddress, int)}: every blocking Socket connect ends here. */
    public static final class SocketConnect {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static SocketAddress enter(@Advice.This Object socket,
                                   @Advice.Argument(value = 0, readOnly = false) SocketAddress endpoint,
                                   @Advice.Argument(1) int timeout) {
            SocketAddress to = SocketBridge.beforeConnect(socket, endpoint, timeout, false);
            if (to != null) {
                endpoint = to;
            }
            return to;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object socket, @Advice.Enter SocketAddress to, @Advice.Thrown Throwable thrown) {
            if (to != null) {
                SocketBridge.afterConnect(socket, to, thrown == null, thrown);
            }
        }
    }

    /** {@code SocketChannelImpl.connect(SocketAddress)}: blocking or not (the engine asks the channel). */
    public static final class ChannelConnect {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static SocketAddress enter(@Advice.This Object channel,
                                   @Advice.Argument(value = 0, readOnly = false) SocketAddress endpoint) {
            SocketAddress to = SocketBridge.beforeConnect(channel, endpoint, 0, true);
            if (to != null) {
                endpoint = to;
            }
            return to;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object channel, @Advice.Enter SocketAddress to, @Advice.Return boolean connected,
                         @Advice.Thrown Throwable thrown) {
            if (to != null) {
                SocketBridge.afterConnect(channel, to, thrown == null && connected, thrown);
            }
        }
    }

    /** {@code SocketChannelImpl.blockingConnect(SocketAddress, long nanos)}: a channel's socket adaptor connecting. */
    public static final class ChannelBlockingConnect {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static SocketAddress enter(@Advice.This Object channel,
                                   @Advice.Argument(value = 0, readOnly = false) SocketAddress endpoint,
                                   @Advice.Argument(1) long nanos) {
            long millis = nanos <= 0 ? 0 : Math.max(1, Math.min(Integer.MAX_VALUE, nanos / 1000000L));
            SocketAddress to = SocketBridge.beforeConnect(channel, endpoint, (int) millis, true);
            if (to != null) {
                endpoint = to;
            }
            return to;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object channel, @Advice.Enter SocketAddress to, @Advice.Thrown Throwable thrown) {
            if (to != null) {
                SocketBridge.afterConnect(channel, to, thrown == null, thrown);
            }
        }
    }

    /** {@code SocketChannelImpl.finishConnect()}: how a non-blocking connect ended. */
    public static final class FinishConnect {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object channel, @Advice.Return boolean connected, @Advice.Thrown Throwable thrown) {
            if (connected || thrown != null) {
                SocketBridge.afterFinishConnect(channel, connected, thrown);
            }
        }
    }

    /** Reads and writes of {@code SocketChannelImpl}: a failure of a connected channel. */
    public static final class ChannelIo {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object channel, @Advice.Thrown Throwable thrown) {
            if (thrown != null) {
                SocketBridge.ioFailed(channel, thrown);
            }
        }
    }

    /** {@code Socket$SocketInputStream.read} and {@code Socket$SocketOutputStream.write}: a failure of a connected socket. */
    public static final class StreamIo {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.FieldValue("parent") Object socket, @Advice.Thrown Throwable thrown) {
            if (thrown != null) {
                SocketBridge.ioFailed(socket, thrown);
            }
        }
    }
}
