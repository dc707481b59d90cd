package io.reattach.status;

import io.reattach.attach.JvmProcess;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code status <pid> [--json]}: the agent's MBeans in another JVM, as a table or as JSON. It reaches them the way
 * JConsole does for a local process: the attach API starts (or finds) that JVM's local JMX connector, which only
 * this user can use, and the command reads {@code io.reattach:*} through it. Nothing is loaded into the JVM.
 */
public final class StatusCommand {

    /** The agent's attributes, in the order the JSON output lists them. */
    static final String[] AGENT_ATTRIBUTES = {"Version", "Started", "Attached", "SettingsFile", "ReconnectPolicy",
        "SettingsUpdates", "RejectedReloads", "LastSettingsChange", "OpenConnections", "ConnectedConnections",
        "ReconnectingConnections", "FailedConnections", "ClosedConnections", "Reconnects", "BufferedBytes",
        "BufferedMessages", "ReplayedSends", "DuplicatesStamped", "LostSocketConnections", "Settings"};

    /** A connection's attributes, in the order the JSON output lists them. */
    static final String[] CONNECTION_ATTRIBUTES = {"Id", "Type", "State", "Target", "Provider", "User", "Reconnects",
        "Reattaches", "LastFailure", "LastFailureTime", "Created", "BufferedBytes", "BufferedMessages", "BufferHighWaterBytes",
        "DroppedFromProtection", "ReplayedSends", "DuplicatesStamped"};

    private StatusCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String pid = null;
        boolean json = false;
        for (String a : args) {
            if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                out.println(usage());
                return 0;
            } else if (pid == null) {
                pid = a;
            } else {
                err.println("status: unexpected argument '" + a + "'; " + usage());
                return 2;
            }
        }
        if (pid == null || !pid.matches("[0-9]+")) {
            err.println("status: " + (pid == null ? "no pid given" : "'" + pid + "' is not a process id") + "; " + usage());
            return 2;
        }
        JvmProcess jvm;
        Map<String, Object> agent;
        List<Map<String, Object>> connections;
        try {
            jvm = JvmProcess.require(pid);
            if (jvm.reattachVersion() == null) {
                err.println("status: Reattach is not loaded in JVM " + pid + " (" + jvm.displayName()
                        + "); load it with 'java -jar reattach-agent.jar attach " + pid + "'");
                return 1;
            }
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(jvm.localJmxAddress()))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName agentName = new ObjectName(StatusRegistry.AGENT_NAME);
                if (!awaitRegistered(server, agentName)) {
                    err.println("status: Reattach " + jvm.reattachVersion() + " is loaded in JVM " + pid + " but has not published"
                            + " its status yet: it does " + AgentStatus.REGISTER_AFTER_START_MILLIS / 1000 + " s after the JVM"
                            + " started, or when an MBean server exists; if that is long past, see the application's log for"
                            + " 'internal error'");
                    return 1;
                }
                agent = read(server, agentName, AGENT_ATTRIBUTES);
                connections = new ArrayList<>();
                for (ObjectName name : server.queryNames(new ObjectName(StatusRegistry.CONNECTION_PATTERN), null)) {
                    connections.add(read(server, name, CONNECTION_ATTRIBUTES));
                }
                connections.sort(Comparator.comparingInt(c -> ((Number) c.get("Id")).intValue()));
            }
        } catch (JvmProcess.Unreachable e) {
            err.println("status: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("status: cannot read the status of JVM " + pid + ": " + oneLine(e));
            return 1;
        }
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("pid", Long.parseLong(pid));
            all.put("mainClass", jvm.displayName());
            all.put("agent", agent);
            all.put("connections", connections);
            out.println(Json.write(all));
        } else {
            out.print(StatusTable.format(pid, jvm.displayName(), agent, connections));
        }
        return 0;
    }

    /** The attributes of one bean that exist; {@code getAttributes} leaves out, without a word, a name the bean lacks. */
    /**
     * Whether the agent's bean is registered, or gets registered soon: within its first seconds the agent registers its
     * beans once it sees an MBean server, and the local connector this command started has just made the platform one.
     */
    private static boolean awaitRegistered(MBeanServerConnection server, ObjectName agentName) throws Exception {
        long deadline = System.nanoTime() + (StatusRegistry.LOOK_FOR_SERVER_MILLIS + 1500) * 1_000_000L;
        while (!server.isRegistered(agentName)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    static Map<String, Object> read(MBeanServerConnection server, ObjectName name, String[] attributes) throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        for (javax.management.Attribute a : server.getAttributes(name, attributes).asList()) {
            values.put(a.getName(), plain(a.getValue()));
        }
        return values;
    }

    /** Open data (CompositeData, arrays of it) to maps and lists. */
    private static Object plain(Object value) {
        if (value instanceof CompositeData) {
            CompositeData c = (CompositeData) value;
            Map<String, Object> m = new LinkedHashMap<>();
            for (String key : new String[]{"key", "value", "source"}) {
                if (c.containsKey(key)) {
                    m.put(key, c.get(key));
                }
            }
            return m;
        }
        if (value instanceof Object[]) {
            List<Object> list = new ArrayList<>();
            for (Object o : (Object[]) value) {
                list.add(plain(o));
            }
            return list;
        }
        return value;
    }

    private static String oneLine(Throwable t) {
        return JvmProcess.rootMessage(t).replace('\n', ' ').replace('\r', ' ');
    }

    static String usage() {
        return "usage: java -jar reattach-agent.jar status <pid> [--json]";
    }
}
