package io.reattach.it.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP front for the broker that notes when each connection reaches it: the attempts the broker sees, also while it
 * is away. Clients connect to {@link #port()}; each connection is relayed to the broker's port. {@link #down()} resets
 * every relayed connection at once (the clients lose their broker at the same moment) and, until {@link #up()}, resets
 * each new connection as soon as it is accepted, so that an attempt fails within a millisecond, as a refused connect
 * does, and is counted. The broker itself keeps running: no broker start competes with the clients for the CPU, and
 * the moment the broker is back is exact.
 */
final class CountingFront implements AutoCloseable {

    /** Pump threads, two per relayed connection: small stacks, hundreds of them. */
    private static final long STACK_BYTES = 256 * 1024;

    private final int brokerPort;
    private final ServerSocket server;
    private final List<Long> accepted = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;

    CountingFront(int brokerPort) {
        this.brokerPort = brokerPort;
        try {
            server = new ServerSocket(0, 1000, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::acceptAll, "front-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** {@link System#nanoTime()} of every connection accepted so far, in order. */
    synchronized List<Long> acceptedNanos() {
        return new ArrayList<>(accepted);
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            synchronized (this) {
                accepted.add(System.nanoTime());
            }
            start("front-relay", () -> relay(client));
        }
    }

    /** From now on the broker is away: every connection is reset, new ones as soon as they arrive. */
    void down() {
        down = true;
        for (Socket s : open) {
            reset(s);
        }
    }

    /** From now on connections reach the broker again. */
    void up() {
        down = false;
    }

    private void relay(Socket client) {
        if (down) {
            reset(client);
            return;
        }
        Socket broker = new Socket();
        try {
            broker.connect(new InetSocketAddress("127.0.0.1", brokerPort), 2000);
        } catch (IOException down) {
            reset(client);
            return;
        }
        open.add(client);
        open.add(broker);
        start("front-up", () -> pump(client, broker));
        pump(broker, client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException ignored) {
            // either side is gone: the other goes too
        }
        reset(from);
        reset(to);
    }

    /** Closes with SO_LINGER 0: the peer sees a reset at once, bytes in flight are dropped. */
    private void reset(Socket s) {
        open.remove(s);
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    private static void start(String name, Runnable r) {
        Thread t = new Thread(null, r, name, STACK_BYTES);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            reset(s);
        }
    }
}
