package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.reattach.broker.Broker;
import io.reattach.broker.RabbitMqNode;
import io.reattach.it.harness.Client;

/**
 * The harness's RabbitMQ node is private: two nodes run side by side with names and ports of their own, a kill -9 of
 * one leaves the other (and its own epmd) alone, it starts again on its data, and closing leaves no process behind.
 * (The test bed itself, no agent: untagged. Only when a RabbitMQ client is selected, as the install is.)
 */
class RabbitMqNodeIT {

    @TempDir
    Path tmp;

    @Test
    void aNodeIsKilledRestartedAndStoppedWithoutTouchingAnother() {
        Assumptions.assumeTrue(Client.selected().anyMatch(Client::rabbitMq), "no RabbitMQ client selected");
        RabbitMqNode a = RabbitMqNode.builder().dir(tmp.resolve("a")).build();
        RabbitMqNode b = RabbitMqNode.builder().dir(tmp.resolve("b")).build();
        List<ProcessHandle> all;
        try {
            a.start();
            b.start();
            assertNotEquals(a.nodeName(), b.nodeName());
            assertNotEquals(a.port(), b.port());
            assertNotEquals(a.epmdPort(), b.epmdPort());

            a.kill();
            assertFalse(a.isRunning());
            assertFalse(accepts(a.port()), "the killed node still accepts connections");
            assertTrue(accepts(a.epmdPort()), "its epmd stays for the next start");
            assertTrue(b.isRunning() && accepts(b.port()), "the other node was touched");

            a.start();
            assertEquals(2, a.starts());
            assertTrue(accepts(a.port()), "the node did not start again");
            all = a.processes();
            all.addAll(b.processes());
            assertTrue(all.size() >= 4, "the nodes' processes: " + all);
        } finally {
            a.close();
            b.close();
        }
        List<ProcessHandle> left = all.stream().filter(ProcessHandle::isAlive).collect(java.util.stream.Collectors.toList());
        assertTrue(left.isEmpty(), "processes left after close: " + left);
        assertFalse(accepts(a.epmdPort()) || accepts(b.epmdPort()), "an epmd outlived its node");
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(Broker.HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
