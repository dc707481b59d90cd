package io.reattach.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * The listening side of a {@link FaultProxy}: one loopback port that accepts, or refuses (closed) because the test
 * said so or because the target is down, as the target's own port would. It keeps its port number across closes.
 */
final class ProxyPort {

    private final InetSocketAddress target;
    private final long closeAtNanos;
    private final int port;
    private ServerSocket server;
    /** The test said {@link #refuse()}. */
    private boolean refusing;
    /** The target does not accept connections: neither does this port, until it does again. */
    private boolean targetDown;
    private boolean inAccept;
    private boolean closed;

    ProxyPort(InetSocketAddress target, long closeAtNanos) {
        this.target = target;
        this.closeAtNanos = closeAtNanos;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proxy's port", e);
        }
        this.port = server.getLocalPort();
    }

    int port() {
        return port;
    }

    /**
     * The next client, or null when none came within a second, the port is refusing, or it was closed: the caller
     * looks at its own state and calls again.
     */
    Socket accept() {
        ServerSocket s = awaitOpen();
        if (s == null) {
            return null;
        }
        Socket client;
        try {
            s.setSoTimeout(1000); // to look at the proxy's lifetime now and then
            client = s.accept();
        } catch (IOException e) {
            return null; // a time-out, or closed meanwhile
        } finally {
            leftAccept();
        }
        if (isRefusing()) {
            FaultProxy.abort(client); // it came in while the port was being closed
            return null;
        }
        return client;
    }

    synchronized void refuse() {
        refusing = true;
        closePort();
    }

    synchronized void acceptAgain() {
        refusing = false;
        openPort();
    }

    synchronized boolean isRefusing() {
        return refusing || targetDown || closed;
    }

    /**
     * A target closed a connection, or refused one: if it is down, this port refuses too until it is up again.
     * (Accepting a client's connection only to close it at once is not what a network does, and some clients take
     * seconds to notice it.)
     */
    synchronized void targetMayBeDown() {
        if (closed || targetDown || targetAccepts()) {
            return;
        }
        targetDown = true;
        closePort();
        Thread watch = new Thread(() -> {
            while (!isClosed() && System.nanoTime() < closeAtNanos && !targetAccepts()) {
                try {
                    TimeUnit.MILLISECONDS.sleep(25);
                } catch (InterruptedException e) {
                    return;
                }
            }
            synchronized (ProxyPort.this) {
                targetDown = false;
                openPort();
            }
        }, "fault-proxy-target-watch-" + port);
        watch.setDaemon(true);
        watch.start();
    }

    synchronized void close() {
        closed = true;
        closePort();
        notifyAll();
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /**
     * The JDK closes a listening socket only once the thread blocked in accept() has left it: until then the port
     * still takes connections, so this waits for that.
     */
    private void closePort() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closed either way
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (inAccept && System.nanoTime() < deadline) {
            try {
                wait(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void openPort() {
        if (refusing || targetDown || closed || !server.isClosed()) {
            return;
        }
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            server = s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open port " + port + " again", e);
        }
        notifyAll();
    }

    private synchronized ServerSocket awaitOpen() {
        while ((refusing || targetDown || server.isClosed()) && !closed) {
            if (System.nanoTime() > closeAtNanos) {
                return null;
            }
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        if (closed) {
            return null;
        }
        inAccept = true;
        return server;
    }

    private synchronized void leftAccept() {
        inAccept = false;
        notifyAll();
    }

    private boolean targetAccepts() {
        try (Socket probe = new Socket()) {
            probe.connect(target, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
