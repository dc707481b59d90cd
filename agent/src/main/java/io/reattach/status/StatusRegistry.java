package io.reattach.status;

import io.reattach.log.Log;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Registers the agent's MBeans in the platform MBean server, where JConsole, VisualVM and {@code status <pid>} find
 * them: {@code io.reattach:type=Agent} and one {@code io.reattach:type=Connection,id=N} per managed connection.
 * Closed connections stay listed, but only the {@value #CLOSED_KEPT} most recent: an application that opens a
 * connection per operation (Spring's JmsTemplate) must not grow the list without end.
 *
 * <p>The MBean server is touched only by a background thread ({@code reattach-status}), never by the application's,
 * and under {@code -javaagent} not before {@link AgentStatus#REGISTER_AFTER_START_MILLIS} after start-up unless an MBean
 * server exists already (the application's, a JMX agent's, or the one the {@code status} command's local connector
 * made; the thread looks once a second). Creating the platform MBean server costs about 100 ms of CPU (its classes and
 * the platform beans), which an application starting on two cores paid in its first sends, where it ran beside the
 * JIT and the broker (BENCHMARKS.md, "Send throughput"). The thread runs while there is work and ends when there is
 * none; the list of connections itself is kept at once.
 */
public final class StatusRegistry {

    public static final String DOMAIN = "io.reattach";
    public static final String AGENT_NAME = DOMAIN + ":type=Agent";
    public static final String CONNECTION_PATTERN = DOMAIN + ":type=Connection,*";
    static final int CLOSED_KEPT = 20;
    /** How often the thread looks for an MBean server while registration is not due yet; {@code status} waits longer. */
    static final long LOOK_FOR_SERVER_MILLIS = 1000;

    /** Id to bean, in creation order. */
    private static final Map<Integer, ConnectionMXBean> CONNECTIONS = new LinkedHashMap<>();

    private static final Object LOCK = new Object();
    /** The agent's bean until it is registered; guarded by LOCK, as are the fields below. */
    private static AgentMXBean pendingAgent;
    private static long agentDueNanos;
    /** Registrations (a bean) and removals (an id) still to be made, in order. */
    private static final ArrayDeque<Object> CHANGES = new ArrayDeque<>();
    private static boolean working;

    private StatusRegistry() {
    }

    /**
     * Registers the agent's bean, and the connections' beans listed by then, in the background after
     * {@code delayMillis}, or as soon as an MBean server exists, whichever comes first: an application that exits
     * soon does not create the MBean server at all, and one that starts does not pay for it while it starts.
     */
    public static void registerAgentSoon(AgentMXBean agent, long delayMillis) {
        synchronized (LOCK) {
            pendingAgent = agent;
            agentDueNanos = System.nanoTime() + delayMillis * 1_000_000L;
            startWorking();
        }
    }

    /** Registers the agent's bean now (after an attach); a failure is logged once and leaves the agent without status. */
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

    /** Lists a new connection; its bean is registered in the background. Never throws. */
    public static void register(ConnectionMXBean connection) {
        synchronized (CONNECTIONS) {
            CONNECTIONS.put(connection.getId(), connection);
        }
        change(connection);
        trimClosed();
    }

    /** Called when a connection closes: drops the oldest closed ones beyond {@value #CLOSED_KEPT}. Never throws. */
    public static void trimClosed() {
        try {
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
                        change(c.getId());
                        closed--;
                    }
                }
            }
        } catch (Throwable t) {
            Log.internalError("removing closed connections from the status", t);
        }
    }

    private static void change(Object beanOrId) {
        synchronized (LOCK) {
            CHANGES.add(beanOrId);
            startWorking();
            LOCK.notifyAll();
        }
    }

    /** Under LOCK. */
    private static void startWorking() {
        if (working) {
            return;
        }
        working = true;
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                loadTheFairReadWriteLock();
                work();
            }
        }, "reattach-status");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Loads the fair {@code ReentrantReadWriteLock}'s inner class now, before the application's code is compiled:
     * making the platform MBean server loads it (the JDK's loggers take such a lock), and a class loaded seconds into
     * a busy application's run made the JVM throw away every compiled method that had inlined the unfair lock's, which
     * the JIT assumed to be the only kind, and compile them again. With the Artemis client that was its whole send path
     * and the agent's with it (BENCHMARKS.md, seventeenth session). Loaded first, it is just a second kind of lock.
     */
    private static void loadTheFairReadWriteLock() {
        new ReentrantReadWriteLock(true);
    }

    /** The thread's loop: waits for the agent's bean to be due or for a change, makes them, ends when nothing is left. */
    private static void work() {
        while (true) {
            AgentMXBean agent = null;
            List<Object> batch;
            synchronized (LOCK) {
                try {
                    for (long left = agentDueNanos - System.nanoTime(); (!CHANGES.isEmpty() || pendingAgent != null)
                            && left > 0 && !anMBeanServerExists(); left = agentDueNanos - System.nanoTime()) {
                        LOCK.wait(Math.min(LOOK_FOR_SERVER_MILLIS, Math.max(1, left / 1_000_000L)));
                    }
                } catch (InterruptedException e) {
                    working = false;
                    return;
                }
                if (CHANGES.isEmpty() && pendingAgent == null) {
                    working = false;
                    return;
                }
                // Due, or an MBean server exists: registering costs about a millisecond now.
                agent = pendingAgent;
                pendingAgent = null;
                batch = new ArrayList<>(CHANGES);
                CHANGES.clear();
            }
            for (Object change : batch) {
                apply(change);
            }
            if (agent != null) {
                registerAgent(agent); // last: once it is there, so are the connections listed before it (status reads it first)
            }
        }
    }

    /**
     * Whether some MBean server was made (the platform one is made through {@link MBeanServerFactory}, which lists it);
     * asking does not make one.
     */
    private static boolean anMBeanServerExists() {
        try {
            return !MBeanServerFactory.findMBeanServer(null).isEmpty();
        } catch (RuntimeException e) {
            return false; // a security manager that refuses: registered when due
        }
    }

    private static void apply(Object change) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (change instanceof ConnectionMXBean) {
                ConnectionMXBean connection = (ConnectionMXBean) change;
                server.registerMBean(connection, connectionName(connection.getId()));
            } else {
                ObjectName name = connectionName((Integer) change);
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
            }
        } catch (Throwable t) {
            Log.internalError("updating the connections' status MBeans", t);
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
