package io.reattach.bootstrap;

import java.net.SocketAddress;

/**
 * The one class that code woven into JDK classes calls ({@code io.reattach.weave.SocketWeaver}). It must load from
 * the bootstrap class path, because code in {@code java.base} sees only bootstrap classes: it does with the rest of
 * the agent jar (the manifest's {@code Boot-Class-Path}), or, when the JVM did not find the jar under its name, from
 * a small jar written at start-up ({@code io.reattach.agent.BootstrapJar}); so it uses java.* types only. Each method is a null check when
 * no hook is installed; the woven code catches anything it throws, so the JDK's code runs on as without the agent.
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

    /** {@link #beforeConnect} for a channel's blocking connect, whose timeout is in nanoseconds (0: none). */
    public static SocketAddress beforeBlockingConnect(Object channel, SocketAddress endpoint, long timeoutNanos) {
        long millis = timeoutNanos <= 0 ? 0 : Math.max(1, Math.min(Integer.MAX_VALUE, timeoutNanos / 1000000L));
        return beforeConnect(channel, endpoint, (int) millis, true);
    }

    /**
     * After a connect, however it ended. Nothing to do when {@link #beforeConnect} answered null ({@code address}).
     *
     * @param returned what the connect returned: false for a non-blocking channel connect still under way, true
     *                 for one that connected and for a void connect
     * @param thrown   what it threw, null when it returned
     */
    public static void afterConnect(Object owner, SocketAddress address, boolean returned, Throwable thrown) {
        SocketHook h = hook;
        if (h != null && address != null) {
            h.afterConnect(owner, address, returned && thrown == null, thrown);
        }
    }

    /** After every {@code finishConnect}: only one that connected or threw tells how a connect ended. */
    public static void afterFinishConnect(Object channel, boolean connected, Throwable thrown) {
        SocketHook h = hook;
        if (h != null && (connected || thrown != null)) {
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
