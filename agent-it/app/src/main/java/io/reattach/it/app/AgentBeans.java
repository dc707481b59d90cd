package io.reattach.it.app;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the agent's status beans ({@code io.reattach:type=Connection,id=N}) say about each connection, as the line
 * {@code AGENT-BEAN Id=.. Target=.. Reconnects=.. ReplayedSends=.. DuplicatesStamped=.. BufferHighWaterBytes=..
 * DroppedFromProtection=..}: the counters a test asserts, read where an operator's JMX console reads them, and not
 * parsed out of the agent's log. Read in the application's own JVM while its connections are open, so that the test
 * needs no second JVM and no timing. Without the agent there are no such beans and nothing is printed.
 */
final class AgentBeans {

    static final String[] ATTRIBUTES = {"Id", "Target", "State", "Reconnects", "Reattaches", "ReplayedSends", "DuplicatesStamped",
        "BufferHighWaterBytes", "DroppedFromProtection"};

    private AgentBeans() {
    }

    static void print() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<String> lines = new ArrayList<>();
        try {
            awaitAgentBean(server);
            for (ObjectName name : server.queryNames(new ObjectName("io.reattach:type=Connection,*"), null)) {
                StringBuilder line = new StringBuilder("AGENT-BEAN");
                for (String attribute : ATTRIBUTES) {
                    line.append(' ').append(attribute).append('=').append(server.getAttribute(name, attribute));
                }
                lines.add(line.toString());
            }
        } catch (Exception e) {
            // A test that needs the beans fails on their absence, with this line in its message.
            lines.add("AGENT-BEAN-ERROR " + e);
        }
        lines.forEach(LegacyApp::out);
    }

    /**
     * The agent registers its beans within about a second of an MBean server appearing (the one just made here), the
     * connections' first and its own last. Without the agent (no version property), nothing is awaited.
     */
    private static void awaitAgentBean(MBeanServer server) throws Exception {
        if (System.getProperty("io.reattach.agent.version") == null) {
            return;
        }
        ObjectName agent = new ObjectName("io.reattach:type=Agent");
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!server.isRegistered(agent) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
