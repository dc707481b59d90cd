package io.reattach.status;

import io.reattach.log.Log;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the agent's MBeans in the platform MBean server, where JConsole, VisualVM and {@code status <pid>} find
 * them: {@code io.reattach:type=Agent} and one {@code io.reattach:type=Connection,id=N} per managed connection.
 * Closed connections stay listed, but only the {@value #CLOSED_KEPT} most recent: an application that opens a
 * connection per operation (Spring's JmsTemplate) must not grow the list without end.
 */
public final class StatusRegistry {

    public static final String DOMAIN = "io.reattach";
    public static final String AGENT_NAME = DOMAIN + ":type=Agent";
    public static final String CONNECTION_PATTERN = DOMAIN + ":type=Connection,*";
    static final int CLOSED_KEPT = 20;

    /** Id to bean, in creation order. */
    private static final Map<Integer, ConnectionMXBean> CONNECTIONS = new LinkedHashMap<>();
    private static final Object AGENT_LOCK = new Object();
    /** The agent's bean until it is registered. */
    private static AgentMXBean pendingAgent;

    private StatusRegistry() {
    }

    /**
     * Registers the agent's bean on a background thread ({@code reattach-status-register}) after {@code delayMillis},
     * or at once when the first connection is registered, whichever comes first; the thread then ends. Creating the
     * platform MBean server costs tens of milliseconds of CPU (its classes), which an application's start-up should not
     * pay, and an application that never connects and exits soon should not pay at all.
     */
    public static void registerAgentSoon(AgentMXBean agent, final long delayMillis) {
        synchronized (AGENT_LOCK) {
            pendingAgent = agent;
        }
        Thread t = new Thread(() -> {
            synchronized (AGENT_LOCK) {
                long deadline = System.nanoTime() + delayMillis * 1_000_000L;
                try {
                    for (long left = delayMillis; pendingAgent != null && left > 0; left = (deadline - System.nanoTime()) / 1_000_000L) {
                        AGENT_LOCK.wait(left);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            registerPendingAgent();
        }, "reattach-status-register");
        t.setDaemon(true);
        t.start();
    }

    private static void registerPendingAgent() {
        AgentMXBean agent;
        synchronized (AGENT_LOCK) {
            agent = pendingAgent;
            pendingAgent = null;
            AGENT_LOCK.notifyAll();
        }
        if (agent != null) {
            registerAgent(agent);
        }
    }

    /** Registers the agent's bean; a failure is logged once and leaves the agent without status. */
    static void registerAgent(AgentMXBean agent) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(AGENT_NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(agent, name);
            }
        } catch (Throwable t) {
            Log.internalError("registering the agent's status MBean", t);
        }
    }

    /** Lists a new connection. Never throws. */
    public static void register(ConnectionMXBean connection) {
        registerPendingAgent(); // the MBean server is being created for the connection anyway
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(connection, connectionName(connection.getId()));
            synchronized (CONNECTIONS) {
                CONNECTIONS.put(connection.getId(), connection);
            }
            trimClosed();
        } catch (Throwable t) {
            Log.internalError("registering a connection's status MBean", t);
        }
    }

    /** Called when a connection closes: drops the oldest closed ones beyond {@value #CLOSED_KEPT}. Never throws. */
    public static void trimClosed() {
        try {
            List<Integer> drop = new ArrayList<>();
            synchronized (CONNECTIONS) {
                int closed = 0;
                for (ConnectionMXBean c : CONNECTIONS.values()) {
                    if ("CLOSED".equals(c.getState())) {
                        closed++;
                    }
                }
                for (Iterator<ConnectionMXBean> it = CONNECTIONS.values().iterator(); it.hasNext() && closed > CLOSED_KEPT; ) {
                    ConnectionMXBean c = it.next();
                    if ("CLOSED".equals(c.getState())) {
                        it.remove();
                        drop.add(c.getId());
                        closed--;
                    }
                }
            }
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            for (Integer id : drop) {
                ObjectName name = connectionName(id);
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
            }
        } catch (Throwable t) {
            Log.internalError("removing closed connections from the status", t);
        }
    }

    /** The connections listed now, oldest first. */
    static List<ConnectionMXBean> connections() {
        synchronized (CONNECTIONS) {
            return new ArrayList<>(CONNECTIONS.values());
        }
    }

    static ObjectName connectionName(int id) throws javax.management.MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=Connection,id=" + id);
    }
}
