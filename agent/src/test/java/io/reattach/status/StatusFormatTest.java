package io.reattach.status;

import org.junit.jupiter.api.Test;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two outputs of {@code status}: JSON for scripts, the table for people. */
class StatusFormatTest {

    @Test
    void jsonEscapesWhatStringsHold() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a \"quoted\" \\ path\nnext\tline\u0001");
        m.put("n", 3L);
        m.put("b", true);
        m.put("none", null);
        m.put("list", Arrays.asList(1, "x"));
        assertEquals("{\"s\":\"a \\\"quoted\\\" \\\\ path\\nnext\\tline\\u0001\",\"n\":3,\"b\":true,\"none\":null,\"list\":[1,\"x\"]}",
                Json.write(m));
    }

    @Test
    void theTableHasARowPerConnectionItsLastFailureAndTheSettingsWithSources() {
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("Version", "1.2.3");
        agent.put("Attached", true);
        agent.put("Started", "2026-01-01T00:00:00.000Z");
        agent.put("SettingsFile", "/etc/mqclient.ini (agent argument config)");
        agent.put("LastSettingsChange", "");
        Map<String, Object> setting = new LinkedHashMap<>();
        setting.put("key", "ReconDelay");
        setting.put("value", "(200,100)");
        setting.put("source", "/etc/mqclient.ini:3");
        agent.put("Settings", Collections.singletonList(setting));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("Id", 7);
        c.put("Type", "Connection");
        c.put("State", "RECONNECTING");
        c.put("Reconnects", 2);
        c.put("BufferedBytes", 0L);
        c.put("BufferedMessages", 0);
        c.put("BufferHighWaterBytes", 19876L);
        c.put("DroppedFromProtection", 412L);
        c.put("ReplayedSends", 0L);
        c.put("DuplicatesStamped", 0L);
        c.put("User", "");
        c.put("Target", "tcp://b:61616");
        c.put("Provider", "com.example.Factory");
        c.put("LastFailure", "IOException: reset");
        c.put("LastFailureTime", "2026-01-01T00:00:01.000Z");
        List<Map<String, Object>> connections = Collections.singletonList(c);
        String text = StatusTable.format("42", "com.example.Main", agent, connections);
        assertTrue(text.startsWith("Reattach 1.2.3 in JVM 42 (com.example.Main), attached at 2026-01-01T00:00:00.000Z"), text);
        assertTrue(text.contains("\n  7   Connection  RECONNECTING  2           0 B/0     19876 B     412      0         0        -     tcp://b:61616"
                + "  com.example.Factory\n"), text);
        assertTrue(text.contains("  #7 last failure at 2026-01-01T00:00:01.000Z: IOException: reset"), text);
        assertTrue(text.contains("  ReconDelay  (200,100)  /etc/mqclient.ini:3"), text);
        assertTrue(StatusTable.format("42", "m", agent, Collections.<Map<String, Object>>emptyList())
                .contains("No connection is managed yet"), text);
    }

    @Test
    void theTableShowsLostSocketConnectionsWhenTheAgentReportsThem() {
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("Version", "1.2.3");
        String older = StatusTable.format("42", "m", agent, Collections.<Map<String, Object>>emptyList());
        assertTrue(!older.contains("Plain sockets"), "an agent without the attribute: no line, not 'null'\n" + older);
        agent.put("LostSocketConnections", 3L);
        String text = StatusTable.format("42", "m", agent, Collections.<Map<String, Object>>emptyList());
        assertTrue(text.contains("\nPlain sockets:    3 connections lost after connecting (each failure reached the application)\n"), text);
    }

    /**
     * {@code status} reads every attribute a connection's bean has, under the name JMX gives it: a new attribute that
     * {@link StatusCommand#CONNECTION_ATTRIBUTES} forgot, or a name that differs from its getter, would be left out of
     * the output without an error.
     */
    @Test
    void statusReadsEveryAttributeOfAConnectionsBean() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName name = StatusRegistry.connectionName(3);
        server.registerMBean(new StandardMBean(new FixedConnection(), ConnectionMXBean.class, true), name);
        Set<String> attributes = new TreeSet<>();
        for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
            attributes.add(a.getName());
        }
        Map<String, Object> read = StatusCommand.read(server, name, StatusCommand.CONNECTION_ATTRIBUTES);
        assertEquals(attributes, new TreeSet<>(read.keySet()));
        assertEquals(20_000L, read.get("BufferHighWaterBytes"));
        assertEquals(7L, read.get("DroppedFromProtection"));
    }

    /** A connection's bean with fixed values. */
    private static final class FixedConnection implements ConnectionMXBean {
        public int getId() {
            return 3;
        }

        public String getType() {
            return "Connection";
        }

        public String getState() {
            return "CONNECTED";
        }

        public String getTarget() {
            return "tcp://b:61616";
        }

        public String getProvider() {
            return "com.example.Factory";
        }

        public String getUser() {
            return "";
        }

        public int getReconnects() {
            return 1;
        }

        public int getReattaches() {
            return 0;
        }

        public String getLastFailure() {
            return "";
        }

        public String getLastFailureTime() {
            return "";
        }

        public String getCreated() {
            return "2026-01-01T00:00:00.000Z";
        }

        public long getBufferedBytes() {
            return 0;
        }

        public int getBufferedMessages() {
            return 0;
        }

        public long getBufferHighWaterBytes() {
            return 20_000;
        }

        public long getDroppedFromProtection() {
            return 7;
        }

        public long getReplayedSends() {
            return 2;
        }

        public long getDuplicatesStamped() {
            return 0;
        }
    }
}
