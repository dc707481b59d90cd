package io.reattach.it.sockets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on 127.0.0.1 in the test JVM: reads a line and answers {@code pong <name>}. It can reset its first
 * connection instead of answering (a connected socket that fails), or be a black hole (a full backlog: connects
 * time out).
 */
final class LineServer implements AutoCloseable {
    private final ServerSocket server;
    private final String name;
    private final AtomicInteger resetsLeft;
    private final List<Socket> fillers = new ArrayList<>();
    final AtomicInteger accepted = new AtomicInteger();

    private LineServer(ServerSocket server, String name, int resets) {
        this.server = server;
        this.name = name;
        this.resetsLeft = new AtomicInteger(resets);
    }

    /** Answers every connection. */
    static LineServer start(int port, String name) throws IOException {
        return start(port, name, 0);
    }

    /** Resets the first {@code resets} connections after reading their line, answers the others. */
    static LineServer start(int port, String name, int resets) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
        LineServer s = new LineServer(ss, name, resets);
        Thread t = new Thread(s::serve, "line-server-" + name);
        t.setDaemon(true);
        t.start();
        return s;
    }

    /** Listens but never accepts, with its backlog full: a connect to it times out. */
    static LineServer blackHole() throws IOException {
        ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        LineServer s = new LineServer(ss, "black-hole", 0);
        for (int i = 0; i < 50; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(ss.getLocalSocketAddress(), 200);
                s.fillers.add(filler);
            } catch (SocketTimeoutException full) {
                filler.close();
                return s;
            }
        }
        s.close();
        throw new IllegalStateException("the backlog of a listening socket did not fill up: no black hole on this machine");
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                accepted.incrementAndGet();
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    continue; // a connect that sent nothing: the agent's probe
                }
                if (resetsLeft.getAndDecrement() > 0) {
                    s.setSoLinger(true, 0); // close sends RST: the client's read fails with "Connection reset"
                    continue;
                }
                s.getOutputStream().write(("pong " + name + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a client that went away, or the server closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket f : fillers) {
            f.close();
        }
        server.close();
    }
}
