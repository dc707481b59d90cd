package io.reattach.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds a TCP port on the loopback interface that nothing listens on right now. */
public final class FreePort {
    private FreePort() {
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago. Another process may take it before you bind it, so use it at once;
     * ports come from the ephemeral range, where the kernel hands them out in turn, which makes a clash unlikely.
     */
    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
