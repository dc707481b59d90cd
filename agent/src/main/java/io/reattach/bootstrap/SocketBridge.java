package io.reattach.bootstrap;

import java.net.SocketAddress;

/**
 * The one class that advice inlined into JDK classes calls. It is put on the bootstrap class path (a small jar
 * written at start-up, see {@code io.reattach.agent.SocketInstrumentation}) because code in {@code java.base}
 * sees only bootstrap classes; it therefore uses java.* types only. Each method is a null check when no hook is
 * installed, and never throws into the JDK's code (the advice suppresses any throwable as well).
 */
public final class SocketBridge {
    /** The agent's socket engine; null until it is installed. */
    public static volatile SocketHook hook;

    private SocketBridge() {
    }

    /** Null: leave the connect alone. Otherwise the address to connect to. */
    public static SocketAddress beforeConnect(Object owner, SocketAddress endpoint, int timeoutMillis, boolean channel) {
        SocketHook h = hook;
        return h == null ? null : h.beforeConnect(owner, endpoint, timeoutMillis, channel);
    }

    public static void afterConnect(Object owner, SocketAddress address, boolean connected, Throwable thrown) {
        SocketHook h = hook;
        if (h != null) {
            h.afterConnect(owner, address, connected, thrown);
        }
    }

    public static void afterFinishConnect(Object channel, boolean connected, Throwable thrown) {
        SocketHook h = hook;
        if (h != null) {
            h.afterFinishConnect(channel, connected, thrown);
        }
    }

    public static void ioFailed(Object owner, Throwable thrown) {
        SocketHook h = hook;
        if (h != null) {
            h.ioFailed(owner, thrown);
        }
    }
}
