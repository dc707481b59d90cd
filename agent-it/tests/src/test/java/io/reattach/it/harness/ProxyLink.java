package io.reattach.it.harness;

import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One proxied connection of a {@link FaultProxy}: the client's socket, the broker's socket, and a {@link ProxyPipe}
 * each way. The pipes carry the path's faults (latency, bandwidth, fragments); the link adds what belongs to one
 * connection: a stall, and the reply that is dropped before the link is reset.
 */
final class ProxyLink {

    /** Decides, for each chunk a client sends, whether this link takes the armed "drop the next reply". */
    interface ReplyDrop {
        boolean claim();

        void dropped(ProxyLink link);
    }

    private final Socket client;
    private final Socket upstream;
    final ProxyPipe up;
    final ProxyPipe down;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;
    /** The command that took the armed drop has gone to the broker: its reply, the next bytes back, is dropped. */
    private volatile boolean droppingReply;
    /** When positive: the link is reset when the client's chunk number this arrives (a failure mid-conversation). */
    private final int resetAtChunk;
    private int chunks;

    ProxyLink(Socket client, Socket upstream, ProxyPipe.Conditions toBroker, ProxyPipe.Conditions toClient,
              ReplyDrop replyDrop, int resetAtChunk, Runnable brokerClosed, Runnable onClose) {
        this.resetAtChunk = resetAtChunk;
        this.client = client;
        this.upstream = upstream;
        this.onClose = onClose;
        String port = String.valueOf(client.getPort());
        this.up = new ProxyPipe("up-" + port, client, upstream, toBroker, chunk -> {
            if (resetAtChunk > 0 && ++chunks >= resetAtChunk) {
                close();
                return true;
            }
            if (!droppingReply && replyDrop.claim()) {
                droppingReply = true; // before the command is passed on, so that no byte of the reply slips through
            }
            return false;
        }, this::close, this::close);
        this.down = new ProxyPipe("down-" + port, upstream, client, toClient, chunk -> {
            if (!droppingReply) {
                return false;
            }
            replyDrop.dropped(this);
            close(); // the connection dies before the client heard the answer
            return true;
        }, () -> {
            if (!closed.get()) {
                brokerClosed.run(); // first: a broker that died must refuse the client's next connect, as a real one does
            }
            close();
        }, this::close);
    }

    void start() {
        up.start();
        down.start();
    }

    /** The client's port: which connection of the application this is. */
    int clientPort() {
        return client.getPort();
    }

    /** Drops the link: a reset (SO_LINGER 0) towards both sides, so nothing in flight is delivered. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        FaultProxy.abort(client);
        FaultProxy.abort(upstream);
        up.end();
        down.end();
        onClose.run();
    }

    boolean isClosed() {
        return closed.get();
    }
}
