package io.reattach.net;

import io.reattach.config.Environment;
import io.reattach.config.SettingsLoader;
import io.reattach.policy.ManualTime;
import io.reattach.policy.Sleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's decisions, called directly (no weaving), against real sockets on 127.0.0.1. The settings come only from
 * the agent arguments given here (an empty environment: no system properties, no mqclient.ini), and the waits between
 * attempts are {@link ManualTime}'s: a schedule of seconds runs at once, and the test sees every wait.
 */
class SocketEngineTest {

    @TempDir
    Path tmp;
    private final ManualTime time = new ManualTime();
    private final List<ServerSocket> servers = new ArrayList<>();

    @AfterEach
    void closeServers() throws IOException {
        for (ServerSocket s : servers) {
            s.close();
        }
    }

    private SocketEngine engine(String args) throws Exception {
        return engine(args, time);
    }

    private SocketEngine engine(String args, Sleeper sleeper) throws Exception {
        Environment isolated = Environment.of(Collections.<String, String>emptyMap(), Collections.<String, String>emptyMap(), tmp, tmp);
        return new SocketEngine(SettingsLoader.load(args, isolated), time, sleeper);
    }

    /** A port nothing listens on (for now). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private ServerSocket listen(int port) {
        try {
            ServerSocket s = new ServerSocket();
            servers.add(s);
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manual time, and a server that starts listening on {@code port} during the {@code n}th wait. */
    private Sleeper serverStartsDuringWait(int n, int port) {
        return millis -> {
            time.sleep(millis);
            if (time.waits().size() == n) {
                listen(port);
            }
        };
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Test
    void aConnectThatMatchesNoTargetIsLeftAlone() throws Exception {
        SocketEngine e = engine("SocketTargets=db1:5432");
        assertNull(e.beforeConnect(new Socket(), new InetSocketAddress("127.0.0.1", 5433), 0, false));
        assertNull(e.beforeConnect(new Socket(), new InetSocketAddress("127.0.0.2", 5432), 0, false));
    }

    @Test
    void aConnectToTheListGoesToTheAddressThatAcceptsAndTheNextConnectStartsThere() throws Exception {
        int dead = closedPort();
        int alive = listen(0).getLocalPort();
        SocketEngine e = engine("ConnectionNameList=127.0.0.1(" + dead + "),127.0.0.1(" + alive + ")");
        assertEquals(local(alive), e.beforeConnect(new Socket(), local(dead), 1000, false));
        assertEquals(1, e.addressList().preferred(), "the failed first address handed the preference on");
        e.afterConnect(new Socket(), local(alive), true, null);
        assertEquals(1, e.addressList().preferred());
        assertEquals(Collections.emptyList(), time.waits());
    }

    @Test
    void aTargetThatStartsAcceptingAfterSomeAttemptsIsFoundWithWaitsThatFollowTheSchedule() throws Exception {
        int port = closedPort();
        SocketEngine e = engine("SocketTargets=127.0.0.1:" + port + ",ReconDelay=(100)(200)(400),ReconnectAttempts=5",
                serverStartsDuringWait(3, port));
        assertEquals(local(port), e.beforeConnect(new Socket(), local(port), 1000, false));
        assertEquals(Arrays.asList(100L, 200L, 400L), time.waits(), "three retries, then the fourth attempt is accepted");
        ServerSocket server = servers.get(0);
        server.setSoTimeout(5000);
        server.accept().close(); // the probe that found it
    }

    @Test
    void retriesGoOverTheWholeListUntilAnAddressStartsAccepting() throws Exception {
        int first = closedPort();
        int second = closedPort();
        SocketEngine e = engine("SocketTargets=127.0.0.1:" + first + ",ConnectionNameList=127.0.0.1(" + first + "),127.0.0.1(" + second
                + "),ReconDelay=(50)", serverStartsDuringWait(2, second));
        assertEquals(local(second), e.beforeConnect(new Socket(), local(first), 1000, false));
        assertEquals(Arrays.asList(50L, 50L), time.waits());
    }

    @Test
    void whenThePolicyEndsTheConnectGoesToTheAddressTheApplicationAskedFor() throws Exception {
        int dead = closedPort();
        SocketEngine e = engine("SocketTargets=127.0.0.1:" + dead + ",ReconDelay=(10),ReconnectAttempts=2");
        assertEquals(local(dead), e.beforeConnect(new Socket(), local(dead), 1000, false));
        assertEquals(Arrays.asList(10L, 10L), time.waits(), "both retries were made");
    }

    @Test
    void mqReconnectTimeoutShortensTheLastWaitAndEndsTheRetries() throws Exception {
        int dead = closedPort();
        SocketEngine e = engine("SocketTargets=127.0.0.1:" + dead + ",ReconDelay=(300),MQReconnectTimeout=1");
        assertEquals(local(dead), e.beforeConnect(new Socket(), local(dead), 1000, false));
        assertEquals(Arrays.asList(300L, 300L, 300L, 100L), time.waits());
    }

    @Test
    void anAddressOnlyInTheListGetsOnePassAndNoWait() throws Exception {
        int first = closedPort();
        int second = closedPort();
        SocketEngine e = engine("ConnectionNameList=127.0.0.1(" + first + "),127.0.0.1(" + second + "),ReconDelay=(10)");
        assertEquals(local(first), e.beforeConnect(new Socket(), local(first), 1000, false));
        assertEquals(Collections.emptyList(), time.waits(), "whoever connects there (a JMS client) retries on its own");
    }

    @Test
    void anInterruptEndsTheRetriesAndTheThreadKeepsItsInterrupt() throws Exception {
        int dead = closedPort();
        SocketEngine e = engine("SocketTargets=127.0.0.1:" + dead + ",ReconDelay=(10)");
        Thread.currentThread().interrupt();
        try {
            assertEquals(local(dead), e.beforeConnect(new Socket(), local(dead), 1000, false));
            assertTrue(Thread.currentThread().isInterrupted(), "the application's connect sees its interrupt");
        } finally {
            Thread.interrupted();
        }
        assertEquals(Collections.emptyList(), time.waits());
    }

    @Test
    void withDefReconNoNothingIsTouched() throws Exception {
        int dead = closedPort();
        SocketEngine e = engine("SocketTargets=127.0.0.1:" + dead + ",DefRecon=NO");
        assertNull(e.beforeConnect(new Socket(), local(dead), 1000, false));
    }

    @Test
    void aConnectedTargetThatFailsLaterIsCountedButNotATimeoutOrASocketTheApplicationClosed() throws Exception {
        int port = listen(0).getLocalPort();
        SocketEngine e = engine("SocketTargets=127.0.0.1:" + port);
        try (Socket broken = new Socket(); Socket timedOut = new Socket(); Socket closed = new Socket()) {
            for (Socket s : new Socket[]{broken, timedOut, closed}) {
                assertNotNull(e.beforeConnect(s, local(port), 1000, false));
                e.afterConnect(s, local(port), true, null);
            }
            closed.close();
            e.ioFailed(timedOut, new SocketTimeoutException("Read timed out"));
            e.ioFailed(closed, new IOException("Socket closed"));
            e.ioFailed(broken, new IOException("Connection reset"));
            e.ioFailed(broken, new IOException("Connection reset")); // the same socket again: one lost connection
        }
        assertEquals(1, e.lostConnections());
    }
}
