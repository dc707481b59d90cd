package io.reattach.it.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A TCP proxy on loopback that a test puts between the application and the broker to break the network while the
 * broker stays up. Each accepted connection is a {@link ProxyLink} to the target with a {@link ProxyPipe} each way.
 * Everything runs in this JVM on daemon threads; every wait is bounded; {@link #close()} (or the end of
 * {@link #MAX_LIFETIME}, whichever comes first) stops it all.
 *
 * <p>Faults, each on command:
 * <ul>
 * <li>{@link #reset()}: every open connection is dropped at once, both sides, bytes in flight lost (SO_LINGER 0).</li>
 * <li>{@link #stall(Direction)}: open connections stay open and bytes vanish, both ways or one; a stalled connection
 * stays so until it is reset, and a close by the side that can no longer be heard is swallowed too. New connections
 * are not stalled (a firewall that lost a flow's state, a frozen VM).</li>
 * <li>{@link #refuse()}: the port is closed, connects are refused, until {@link #accept()}; open connections stay.
 * The proxy also refuses by itself while the broker is down, as the broker's own port does.</li>
 * <li>{@link #latency(Duration)}: every chunk, both ways, is delivered that much later (so a round trip takes twice
 * as long more), on open and new connections alike; {@link Duration#ZERO} removes it.</li>
 * <li>{@link #bandwidth(long)}: at most so many bytes a second each way; 0 removes the limit.</li>
 * <li>{@link #fragment(int)}: writes are sliced into pieces of at most so many bytes, each sent on its own.</li>
 * <li>{@link #dropNextReply()}: the next chunk any client sends goes to the broker, the broker's answer on that
 * connection is dropped, and that connection is reset: the client never learns whether its command was done.</li>
 * </ul>
 */
public final class FaultProxy implements AutoCloseable {

    /** A proxy that a test forgot to close stops by itself after this long. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(45);

    /** Which way bytes flow. */
    public enum Direction {
        /** Client to broker. */
        TO_BROKER,
        /** Broker to client. */
        TO_CLIENT,
        BOTH
    }

    private final InetSocketAddress target;
    private final int port;
    private final Set<ProxyLink> links = ConcurrentHashMap.newKeySet();
    private final ProxyPipe.Conditions toBroker = new ProxyPipe.Conditions();
    private final ProxyPipe.Conditions toClient = new ProxyPipe.Conditions();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicBoolean replyDropArmed = new AtomicBoolean();
    private final AtomicInteger repliesDropped = new AtomicInteger();
    /** Connections still to be reset at their client's chunk {@link #failAtChunk}: a failure during a reconnect. */
    private final AtomicInteger connectionsToFail = new AtomicInteger();
    private volatile int failAtChunk;
    private final Thread acceptor;
    private final long closeAtNanos = System.nanoTime() + MAX_LIFETIME.toNanos();
    private final ProxyPort listening;
    private volatile boolean closed;

    /** Starts a proxy on 127.0.0.1 (a free port) to {@code 127.0.0.1:targetPort}. */
    public FaultProxy(int targetPort) {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.listening = new ProxyPort(target, closeAtNanos);
        this.port = listening.port();
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port the application connects to. */
    public int port() {
        return port;
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections open now. */
    public int open() {
        return links.size();
    }

    /** Drops every open connection now; returns how many were dropped. */
    public int reset() {
        int n = 0;
        for (ProxyLink link : links) {
            link.close();
            n++;
        }
        return n;
    }

    /** {@link #stall(Direction) Stalls} every open connection both ways. */
    public int stall() {
        return stall(Direction.BOTH);
    }

    /**
     * Stalls every open connection: from now on nothing passes in {@code direction}, until {@link #reset()} drops them.
     * A client's request written after this gets no answer: its call waits. Returns how many connections were stalled.
     */
    public int stall(Direction direction) {
        int n = 0;
        for (ProxyLink link : links) {
            link.up.stalledBytes.set(0);
            link.up.stalled |= direction != Direction.TO_CLIENT;
            link.down.stalled |= direction != Direction.TO_BROKER;
            n++;
        }
        return n;
    }

    /**
     * Waits until the clients of stalled connections have written at least {@code bytes} since the last
     * {@link #stall}: a request is then held, and the call that wrote it waits for an answer that cannot come.
     */
    public void awaitStalledClientBytes(long bytes, Duration timeout) {
        await(() -> links.stream().mapToLong(l -> l.up.stalledBytes.get()).sum() >= bytes, timeout,
                "the clients did not write " + bytes + " bytes to the stalled connections");
    }

    /** New connections are refused (the port is closed) until {@link #accept()}; open ones go on. */
    public void refuse() {
        listening.refuse();
    }

    /** Accepts connections again, on the same port, after {@link #refuse()} (once the target accepts them too). */
    public void accept() {
        listening.acceptAgain();
    }

    /** Delays every chunk, both ways, by {@code latency}; {@link Duration#ZERO} removes the delay. */
    public void latency(Duration latency) {
        toBroker.latencyMillis = latency.toMillis();
        toClient.latencyMillis = latency.toMillis();
    }

    /** At most {@code bytesPerSecond} each way; 0 removes the limit. */
    public void bandwidth(long bytesPerSecond) {
        toBroker.bytesPerSecond = bytesPerSecond;
        toClient.bytesPerSecond = bytesPerSecond;
    }

    /** Slices every write, both ways, into pieces of at most {@code bytes}; 0 stops slicing. */
    public void fragment(int bytes) {
        toBroker.fragmentBytes = bytes;
        toClient.fragmentBytes = bytes;
    }

    /** Removes latency, bandwidth limit and fragmenting, and accepts connections again. Stalled links stay stalled. */
    public void heal() {
        latency(Duration.ZERO);
        bandwidth(0);
        fragment(0);
        replyDropArmed.set(false);
        accept();
    }

    /**
     * Arms the next reply drop: the next chunk any client writes reaches the broker, then the broker's answer on that
     * connection is dropped and the connection is reset. {@link #awaitReplyDropped} waits until it happened.
     */
    public void dropNextReply() {
        replyDropArmed.set(true);
    }

    /**
     * The next {@code connections} connections accepted are each reset when their client sends its {@code chunk}-th
     * chunk (that chunk is lost): a failure in the middle of what a reconnecting client does after it connected
     * (creating sessions and consumers).
     */
    public void failNextConnections(int connections, int chunk) {
        failAtChunk = chunk;
        connectionsToFail.set(connections);
    }

    /** Connections of {@link #failNextConnections} still to come. */
    public int connectionsToFail() {
        return connectionsToFail.get();
    }

    /** Replies dropped so far (each followed by a reset of its connection). */
    public int repliesDropped() {
        return repliesDropped.get();
    }

    /** Waits until {@link #repliesDropped()} reaches {@code count}. */
    public void awaitReplyDropped(int count, Duration timeout) {
        await(() -> repliesDropped.get() >= count, timeout, "no reply was dropped (" + repliesDropped.get() + " of " + count + ")");
    }

    /** Waits until at least {@code count} connections are open. */
    public void awaitOpen(int count, Duration timeout) {
        await(() -> links.size() >= count, timeout, "fewer than " + count + " connections are open (" + links.size() + ")");
    }

    private void acceptLoop() {
        while (!closed && System.nanoTime() < closeAtNanos) {
            Socket client = listening.accept();
            if (client == null) {
                continue;
            }
            accepted.incrementAndGet();
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(target, 5000);
            } catch (IOException e) {
                abort(client); // it came in before the proxy knew that the target is down
                abort(upstream);
                listening.targetMayBeDown();
                continue;
            }
            ProxyLink[] self = new ProxyLink[1];
            self[0] = new ProxyLink(client, upstream, toBroker, toClient, new ProxyLink.ReplyDrop() {
                @Override
                public boolean claim() {
                    return replyDropArmed.compareAndSet(true, false);
                }

                @Override
                public void dropped(ProxyLink link) {
                    repliesDropped.incrementAndGet();
                }
            }, connectionsToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failAtChunk : 0,
                    listening::targetMayBeDown, () -> links.remove(self[0]));
            links.add(self[0]);
            self[0].start();
        }
        if (!closed) {
            close(); // the lifetime is over
        }
    }

    /** Stops accepting and drops every connection. */
    @Override
    public void close() {
        closed = true;
        listening.close();
        reset();
        if (Thread.currentThread() != acceptor) {
            try {
                acceptor.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(failure + " within " + timeout.toMillis() + " ms");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Closes a socket with a reset (SO_LINGER 0): nothing in flight is delivered. */
    static void abort(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
