package io.reattach.it.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault of the {@link FaultProxy} against an echo server in this JVM: what the client and the server see. */
class FaultProxyTest {

    private EchoServer echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = new FaultProxy(echo.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void passesBytesBothWays() throws IOException {
        try (Socket s = connect()) {
            assertArrayEquals("hello".getBytes(), roundTrip(s, "hello", 2000));
        }
    }

    @Test
    void resetDropsOpenConnectionsAndAcceptsNewOnes() throws IOException {
        try (Socket s = connect()) {
            roundTrip(s, "a", 2000);
            assertEquals(1, proxy.reset());
            assertThrows(IOException.class, () -> {
                s.getOutputStream().write('b');
                if (s.getInputStream().read() < 0) {
                    throw new IOException("end of stream");
                }
            });
        }
        try (Socket s = connect()) {
            assertArrayEquals("c".getBytes(), roundTrip(s, "c", 2000));
        }
    }

    @Test
    void aStalledConnectionStaysOpenAndSwallowsBytesUntilReset() throws IOException {
        try (Socket s = connect()) {
            roundTrip(s, "a", 2000);
            assertEquals(1, proxy.stall());
            s.getOutputStream().write("request".getBytes());
            proxy.awaitStalledClientBytes(7, Duration.ofSeconds(2));
            s.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "an answer came through the stall");
            assertEquals(1, echo.received.get(), "the stalled request reached the server");
            proxy.reset();
        }
        try (Socket s = connect()) {
            assertArrayEquals("new".getBytes(), roundTrip(s, "new", 2000), "a new connection is not stalled");
        }
    }

    @Test
    void aOneWayStallLetsRequestsThroughAndSwallowsTheAnswers() throws IOException {
        try (Socket s = connect()) {
            roundTrip(s, "a", 2000);
            proxy.stall(FaultProxy.Direction.TO_CLIENT);
            s.getOutputStream().write("bc".getBytes());
            awaitValue(echo.received, 3);
            s.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
        }
    }

    @Test
    void refusedConnectsFailUntilAcceptedAgainOnTheSamePort() throws IOException {
        try (Socket open = connect()) {
            roundTrip(open, "w", 2000);
            proxy.refuse();
            assertThrows(ConnectException.class, this::connect);
            assertArrayEquals("x".getBytes(), roundTrip(open, "x", 2000), "an open connection was hurt by refuse");
            proxy.accept();
            try (Socket s = connect()) {
                assertArrayEquals("y".getBytes(), roundTrip(s, "y", 2000));
            }
        }
    }

    @Test
    void whileTheServerIsDownConnectsAreRefusedAsTheServersOwnPortWould() throws Exception {
        try (Socket s = connect()) {
            roundTrip(s, "a", 2000);
            int serverPort = echo.port();
            echo.close(); // its port closes and the connection ends: the server is gone
            s.setSoTimeout(2000);
            assertThrows(IOException.class, () -> { // the server's close reaches the client (as a reset)
                if (s.getInputStream().read() < 0) {
                    throw new IOException("end of stream");
                }
            });
            assertThrows(ConnectException.class, this::connect);
            echo = new EchoServer(serverPort);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                try (Socket again = connect()) {
                    assertArrayEquals("b".getBytes(), roundTrip(again, "b", 2000));
                    break;
                } catch (ConnectException e) {
                    assertTrue(System.nanoTime() < deadline, "the proxy did not accept again once the server was back");
                    Thread.sleep(20);
                }
            }
        }
    }

    @Test
    void latencyDelaysEachWay() throws IOException {
        try (Socket s = connect()) {
            roundTrip(s, "a", 2000);
            proxy.latency(Duration.ofMillis(200));
            long t0 = System.nanoTime();
            roundTrip(s, "b", 3000);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 390, "a round trip with 200 ms each way took " + ms + " ms");
            proxy.latency(Duration.ZERO);
            t0 = System.nanoTime();
            roundTrip(s, "c", 3000);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 200, "the latency stayed");
        }
    }

    @Test
    void bandwidthLimitsTheRate() throws IOException {
        try (Socket s = connect()) {
            proxy.bandwidth(4000);
            long t0 = System.nanoTime();
            roundTrip(s, "x".repeat(2000), 5000);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // The way back runs alongside the way there (the server echoes each piece): half a second at least.
            assertTrue(ms >= 450, "2000 bytes each way at 4000 bytes/s took only " + ms + " ms");
        }
    }

    @Test
    void fragmentsSliceWrites() throws IOException {
        try (Socket s = connect()) {
            proxy.fragment(3);
            byte[] answer = roundTrip(s, "abcdefghijkl", 3000);
            assertArrayEquals("abcdefghijkl".getBytes(), answer);
            // Pieces may meet again in the server's receive buffer, but never all of them.
            assertTrue(echo.largestRead.get() < 12, "the server read all 12 bytes at once");
        }
    }

    @Test
    void aDroppedReplyReachesTheServerButNeverTheClientAndTheConnectionIsReset() throws IOException {
        try (Socket s = connect()) {
            roundTrip(s, "a", 2000);
            proxy.dropNextReply();
            s.getOutputStream().write('b');
            proxy.awaitReplyDropped(1, Duration.ofSeconds(2));
            assertEquals(2, echo.received.get(), "the command did not reach the server");
            s.setSoTimeout(2000);
            assertThrows(IOException.class, () -> {
                if (s.getInputStream().read() < 0) {
                    throw new IOException("end of stream");
                }
            });
        }
        try (Socket s = connect()) {
            assertArrayEquals("c".getBytes(), roundTrip(s, "c", 2000), "the drop was armed once only");
        }
    }

    @Test
    void theNextConnectionsFailAtAGivenChunk() throws IOException {
        proxy.failNextConnections(1, 2);
        try (Socket s = connect()) {
            assertArrayEquals("a".getBytes(), roundTrip(s, "a", 2000));
            s.getOutputStream().write('b');
            s.setSoTimeout(2000);
            assertThrows(IOException.class, () -> {
                if (s.getInputStream().read() < 0) {
                    throw new IOException("end of stream");
                }
            });
        }
        try (Socket s = connect()) {
            roundTrip(s, "a", 2000);
            assertArrayEquals("b".getBytes(), roundTrip(s, "b", 2000), "only the next connection fails");
        }
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    }

    private static byte[] roundTrip(Socket s, String text, int timeoutMillis) throws IOException {
        byte[] out = text.getBytes();
        s.getOutputStream().write(out);
        s.setSoTimeout(timeoutMillis);
        byte[] in = new byte[out.length];
        InputStream is = s.getInputStream();
        for (int off = 0; off < in.length; ) {
            int n = is.read(in, off, in.length - off);
            if (n < 0) {
                throw new IOException("end of stream after " + off + " bytes");
            }
            off += n;
        }
        return in;
    }

    private static void awaitValue(AtomicLong value, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (value.get() < expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(expected, value.get());
    }

    /** Echoes what it reads; counts bytes received and the largest single read. */
    private static final class EchoServer implements AutoCloseable {
        final ServerSocket server;
        final AtomicLong received = new AtomicLong();
        final AtomicInteger largestRead = new AtomicInteger();
        final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

        EchoServer() throws IOException {
            this(0);
        }

        private final Thread acceptor;

        EchoServer(int port) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        open.add(s);
                        Thread h = new Thread(() -> serve(s), "echo-" + s.getPort());
                        h.setDaemon(true);
                        h.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "echo-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] b = new byte[4096];
                int n;
                while ((n = in.read(b)) >= 0) {
                    received.addAndGet(n);
                    largestRead.accumulateAndGet(n, Math::max);
                    out.write(b, 0, n);
                }
            } catch (IOException ignored) {
                // reset by the proxy
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                acceptor.join(2000); // the JDK closes the port only once accept() has returned
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
