package io.reattach.net;

import io.reattach.config.SettingsLoader;
import io.reattach.policy.Clock;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The engine's decisions, called directly (no weaving), against real sockets on 127.0.0.1. */
class SocketEngineTest {

    private static SocketEngine engine(String args) throws Exception {
        return new SocketEngine(SettingsLoader.load(args), Clock.system());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
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
        try (ServerSocket alive = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            SocketEngine e = engine("ConnectionNameList=127.0.0.1(" + dead + "),127.0.0.1(" + alive.getLocalPort() + ")");
            InetSocketAddress requested = new InetSocketAddress("127.0.0.1", dead);
            InetSocketAddress expected = new InetSocketAddress("127.0.0.1", alive.getLocalPort());
            assertEquals(expected, e.beforeConnect(new Socket(), requested, 1000, false));
            assertEquals(1, e.addressList().preferred(), "the failed first address handed the preference on");
            e.afterConnect(new Socket(), expected, true, null);
            assertEquals(1, e.addressList().preferred());
        }
    }

    @Test
    void whenThePolicyEndsTheConnectGoesToTheAddressTheApplicationAskedFor() throws Exception {
        int dead = closedPort();
        SocketEngine e = engine("SocketTargets=127.0.0.1:" + dead + ",ReconDelay=(10),ReconnectAttempts=2");
        InetSocketAddress requested = new InetSocketAddress("127.0.0.1", dead);
        assertEquals(requested, e.beforeConnect(new Socket(), requested, 1000, false));
    }

    @Test
    void withDefReconNoNothingIsTouched() throws Exception {
        int dead = closedPort();
        SocketEngine e = engine("SocketTargets=127.0.0.1:" + dead + ",DefRecon=NO");
        assertNull(e.beforeConnect(new Socket(), new InetSocketAddress("127.0.0.1", dead), 1000, false));
    }
}
