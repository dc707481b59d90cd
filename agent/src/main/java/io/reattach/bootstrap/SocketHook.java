package io.reattach.bootstrap;

import java.net.SocketAddress;

/**
 * What the code woven into {@code java.net.Socket} and {@code sun.nio.ch.SocketChannelImpl} calls, through
 * {@link SocketBridge}. Written against java.* types only: this interface is loaded by the bootstrap class loader,
 * and its implementation (the agent's socket engine) by the agent's.
 */
public interface SocketHook {

    /**
     * Called before a connect. Returns null when the agent leaves this connect alone (the address matches no
     * target: the common case, decided by a map look-up), otherwise the address the connect must go to. For a
     * blocking connect the call may wait, retrying under the reconnect policy, before it answers.
     *
     * @param owner         the {@code Socket} or {@code SocketChannel} that connects
     * @param endpoint      the address the application asked for
     * @param timeoutMillis the connect's own timeout, 0 for none
     * @param channel       true when the owner is a {@code SocketChannel}, whose connect may be non-blocking
     */
    SocketAddress beforeConnect(Object owner, SocketAddress endpoint, int timeoutMillis, boolean channel);

    /** After a connect whose {@link #beforeConnect} answered {@code address}; {@code thrown} null when it worked. */
    void afterConnect(Object owner, SocketAddress address, boolean connected, Throwable thrown);

    /** After every {@code SocketChannel.finishConnect()}: learns how a non-blocking connect ended. */
    void afterFinishConnect(Object channel, boolean connected, Throwable thrown);

    /** A read or write on a socket or channel threw: a connected socket failed, or the application closed it. */
    void ioFailed(Object owner, Throwable thrown);
}
