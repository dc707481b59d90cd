package io.reattach.it.sockets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A legacy TCP client with no reconnect code, run in its own JVM by {@link SocketsIT}: connects, sends
 * {@code ping}, prints the server's reply line, as many times as asked.
 *
 * <pre>
 * SocketClientApp --how=socket|socket-timeout|channel|http --port=P [--host=127.0.0.1] [--timeout-ms=T] [--times=N] [--wait-stdin]
 * </pre>
 * {@code socket}: {@code new Socket(host, port)}; {@code socket-timeout}: {@code new Socket().connect(address, T)};
 * {@code channel}: a blocking {@code SocketChannel.open(address)}; {@code http}: the JDK's {@code HttpURLConnection}
 * GET {@code /hello} (connect timeout T). Output: {@code READY}, then per connect {@code REPLY text ms=t} or
 * {@code EXCEPTION class ms=t message}, then {@code EXIT code} (0: every connect got its reply, 1: not).
 * Closing standard input halts the JVM (the test runner is gone).
 */
public final class SocketClientApp {

    public static void main(String[] args) throws Exception {
        String how = "socket";
        String host = "127.0.0.1";
        int port = 0;
        int timeout = 0;
        int times = 1;
        boolean waitStdin = false;
        for (String a : args) {
            if (a.startsWith("--how=")) {
                how = a.substring(6);
            } else if (a.startsWith("--host=")) {
                host = a.substring(7);
            } else if (a.startsWith("--port=")) {
                port = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--timeout-ms=")) {
                timeout = Integer.parseInt(a.substring(13));
            } else if (a.startsWith("--times=")) {
                times = Integer.parseInt(a.substring(8));
            } else if (a.equals("--wait-stdin")) {
                waitStdin = true;
            } else {
                System.out.println("USAGE unknown option " + a);
                System.exit(64);
            }
        }
        CountDownLatch go = watchStdin();
        System.out.println("READY");
        if (waitStdin) {
            go.await();
        }
        int exit = 0;
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            try {
                String reply = exchange(how, host, port, timeout);
                System.out.println("REPLY " + reply + " ms=" + (System.nanoTime() - start) / 1_000_000);
            } catch (Exception e) {
                System.out.println("EXCEPTION " + e.getClass().getName() + " ms=" + (System.nanoTime() - start) / 1_000_000 + " " + e.getMessage());
                exit = 1;
            }
        }
        System.out.println("EXIT " + exit);
        System.out.flush();
        System.exit(exit);
    }

    private static String exchange(String how, String host, int port, int timeout) throws IOException {
        switch (how) {
            case "socket":
                try (Socket s = new Socket(host, port)) {
                    return ping(s.getInputStream(), s.getOutputStream());
                }
            case "socket-timeout":
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), timeout);
                    return ping(s.getInputStream(), s.getOutputStream());
                }
            case "channel":
                try (SocketChannel c = SocketChannel.open(new InetSocketAddress(host, port))) {
                    return ping(Channels.newInputStream(c), Channels.newOutputStream(c));
                }
            case "http":
                HttpURLConnection c = (HttpURLConnection) new URL("http://" + host + ":" + port + "/hello").openConnection();
                c.setConnectTimeout(timeout);
                try (InputStream in = c.getInputStream()) {
                    return c.getResponseCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                } finally {
                    c.disconnect();
                }
            default:
                throw new IllegalArgumentException("--how=" + how);
        }
    }

    private static String ping(InputStream in, OutputStream out) throws IOException {
        out.write("ping\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IOException("the server closed the connection without a reply");
        }
        return line;
    }

    /** The first line on stdin releases the latch; end of stdin halts the JVM. */
    private static CountDownLatch watchStdin() {
        CountDownLatch go = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                while (in.readLine() != null) {
                    go.countDown();
                }
            } catch (IOException ignored) {
                // treated as end of input
            }
            Runtime.getRuntime().halt(99);
        }, "stdin-watch");
        t.setDaemon(true);
        t.start();
        return go;
    }
}
