package io.reattach.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that a test puts between the application and the broker to break the network while the
 * broker stays up. Each accepted connection gets its own connection to the target and two relay threads.
 *
 * <p>Faults: {@link #reset()} drops every connection now, both sides (the client sees its socket closed under it;
 * bytes in flight are lost), and new connections are accepted again at once. {@link #stall()} turns every open
 * connection into a black hole: it stays open, and what either side writes is dropped. The per-connection
 * {@link Link} is where later faults (slow, refuse) belong.
 */
public final class FaultProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicLong stalledClientBytes = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;

    /** Starts a proxy on 127.0.0.1 (a free port) to {@code 127.0.0.1:targetPort}. */
    public FaultProxy(int targetPort) {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proxy's port", e);
        }
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port the application connects to. */
    public int port() {
        return server.getLocalPort();
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
        for (Link link : links) {
            link.close();
            n++;
        }
        resets.incrementAndGet();
        return n;
    }

    /**
     * Stalls every open connection: from now on nothing passes either way, until {@link #reset()} drops them. A
     * client's request written after this gets no answer: its call waits. Returns how many connections were stalled.
     */
    public int stall() {
        stalledClientBytes.set(0);
        int n = 0;
        for (Link link : links) {
            link.stalled = true;
            n++;
        }
        return n;
    }

    /**
     * Waits until the clients of stalled connections have written at least {@code bytes} since the last {@link #stall()}: a
     * request is then held, and the call that wrote it waits for an answer that cannot come.
     */
    public void awaitStalledClientBytes(long bytes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stalledClientBytes.get() < bytes) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the clients wrote " + stalledClientBytes.get() + " bytes to the stalled connections within "
                        + timeout.toMillis() + " ms, fewer than " + bytes);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 5000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue; // the broker is down: the client sees its connection closed
            }
            Link link = new Link(client, upstream);
            links.add(link);
            link.start();
        }
    }

    /** Stops accepting and drops every connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        reset();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One proxied connection: the client's socket, the target's socket, a relay thread each way. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        private final AtomicInteger done = new AtomicInteger();
        private volatile boolean stalled;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            relay(client, upstream, "up");
            relay(upstream, client, "down");
        }

        private void relay(Socket from, Socket to, String direction) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        if (stalled) {
                            if (from == client) {
                                stalledClientBytes.addAndGet(n);
                            }
                            continue; // dropped: the other side waits
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (SocketException e) {
                    // reset() or the other side closed
                } catch (IOException e) {
                    // the same, reported differently
                } finally {
                    if (done.incrementAndGet() == 1) {
                        close(); // one direction ended: end the link, as a real connection would
                    }
                }
            }, "fault-proxy-" + direction + "-" + from.getPort());
            t.setDaemon(true);
            t.start();
        }

        /** Drops the link: a reset (SO_LINGER 0) towards both sides, so nothing in flight is delivered. */
        void close() {
            links.remove(this);
            abort(client);
            abort(upstream);
        }
    }

    private static void abort(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(s);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
