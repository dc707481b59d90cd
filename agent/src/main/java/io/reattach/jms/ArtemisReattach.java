package io.reattach.jms;

import io.reattach.log.Log;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The ActiveMQ Artemis client's own session re-attachment, as the agent sees it. With a client
 * {@code confirmationWindowSize} and {@code reconnectAttempts} ({@link ProviderTuning}), a connection that breaks
 * while the broker keeps its sessions (a network failure, within the broker's {@code connectionTTL}) is reconnected by
 * the client itself: it re-attaches each session, resends the commands the broker had not confirmed, and the broker
 * resends its answers; an open transaction goes on, nothing is delivered twice. Then the client tells the connection's
 * exception listener {@code FAILOVER}, and the agent has nothing to rebuild.
 *
 * <p>But the client also says {@code FAILOVER} when the broker did not have the session any more (it restarted in
 * between, or the connection's TTL ran out first): then it recreates the session under a new name, marks a
 * transaction that had done work rollback-only and unblocks waiting calls. The agent tells the two apart by the core
 * session's name, remembered for each session when its provider object was made ({@link ObjectNode}): a name that
 * changed means the broker lost the session, and the agent rebuilds as after any failure, so that its confirmation
 * window is replayed and an open transaction that only sent commits. Reflective; a session of another provider has no
 * name here, and a context whose session the agent cannot see counts as recreated.
 *
 * <p>The client's own reconnect is bounded ({@link #bound}): it can wait its {@code callTimeout} (30 s) for a broker
 * answer that never comes (a second failure during the re-attachment, or a session whose creation the failure
 * interrupted). When it has not finished within the bound, the agent ends it (it destroys the client's new transport
 * connection, which unblocks the client) and rebuilds as after any failure.
 */
final class ArtemisReattach {

    /** {@code ActiveMQConnection.EXCEPTION_FAILOVER}: the error code of the report after the client reconnected. */
    static final String FAILOVER = "FAILOVER";

    private static final String SESSION = "org.apache.activemq.artemis.jms.client.ActiveMQSession";
    private static final String CONTEXT = "org.apache.activemq.artemis.jms.client.ActiveMQJMSContext";

    private static final String FAILURE_LISTENER = "org.apache.activemq.artemis.api.core.client.SessionFailureListener";
    private static final String CONNECTION = "org.apache.activemq.artemis.jms.client.ActiveMQConnection";

    static final ProviderMethod GET_USED_SESSION = new ProviderMethod("getUsedSession",
            new String[]{"javax.jms.Session", "jakarta.jms.Session"});
    static final ProviderMethod GET_CORE_SESSION = ProviderMethod.getter("getCoreSession",
            "org.apache.activemq.artemis.api.core.client.ClientSession");
    static final ProviderMethod GET_NAME = ProviderMethod.getter("getName", "java.lang.String");
    static final ProviderMethod GET_SESSION_FACTORY = ProviderMethod.getter("getSessionFactory",
            "org.apache.activemq.artemis.api.core.client.ClientSessionFactory");
    static final ProviderMethod ADD_FAILURE_LISTENER = new ProviderMethod("addFailureListener",
            new String[]{"void"}, FAILURE_LISTENER);

    private static volatile boolean broken;
    private static ScheduledThreadPoolExecutor timer;

    private ArtemisReattach() {
    }

    /**
     * The name of the core session behind an Artemis JMS session or context; null for other providers and for a
     * context that has not made its session yet.
     */
    static String sessionName(Object jmsSessionOrContext) {
        if (broken || jmsSessionOrContext == null) {
            return null;
        }
        try {
            Object session = jmsSessionOrContext;
            if (ProviderTuning.is(session, CONTEXT)) {
                session = GET_USED_SESSION.call(session);
            }
            if (session == null || !ProviderTuning.is(session, SESSION)) {
                return null;
            }
            Object core = GET_CORE_SESSION.call(session);
            return core == null ? null : (String) GET_NAME.call(core);
        } catch (Throwable t) {
            broken = true; // another Artemis version: every FAILOVER is then rebuilt, as without re-attachment
            Log.internalError("reading an ActiveMQ Artemis session's name", t);
            return null;
        }
    }

    /** Whether a report to the agent's exception listener says the Artemis client reconnected by itself. */
    static boolean isClientReconnect(Throwable reported) {
        Throwable cause = reported.getCause();
        return cause != null && cause.getClass().getName().startsWith("org.apache.activemq.artemis.")
                && FAILOVER.equals(errorCode(reported));
    }

    /** Whether every open session of the tree still has the core session it had: the broker kept them all. */
    static boolean sessionsKept(ObjectNode node) {
        if (broken) {
            return false;
        }
        if (node.role.isSession() && !node.isClosed() && !sessionKept(node)) {
            return false;
        }
        for (ObjectNode child : node.children) {
            if (!sessionsKept(child)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this session's provider session is still the one it was made with. */
    static boolean sessionKept(ObjectNode session) {
        String recorded = session.providerSessionName();
        if (recorded == null) {
            return session.role == Role.SESSION || sessionName(session.delegate()) == null; // not Artemis, or no session yet
        }
        return recorded.equals(sessionName(session.delegate()));
    }

    /**
     * Bounds the Artemis client's own reconnects on {@code providerConnection}: when one has not finished
     * {@code limitMillis} after it began, its transport connection is destroyed and {@code detector} hears that the
     * connection of {@code generation} is broken (the agent rebuilds). Does nothing for other providers.
     */
    static void bound(Object providerConnection, long limitMillis, String owner, FailureDetector detector, long generation) {
        if (broken || providerConnection == null || !ProviderTuning.is(providerConnection, CONNECTION)) {
            return;
        }
        try {
            Object factory = GET_SESSION_FACTORY.call(providerConnection);
            Class<?> listenerType = Class.forName(FAILURE_LISTENER, false, providerConnection.getClass().getClassLoader());
            Bound bound = new Bound(factory, providerConnection, limitMillis, owner, detector, generation);
            Object listener = Proxies.newProxy(listenerType.getClassLoader(), new Class<?>[]{listenerType}, bound);
            ADD_FAILURE_LISTENER.call(factory, listener);
        } catch (Throwable t) {
            broken = true;
            Log.internalError("bounding the ActiveMQ Artemis client's own reconnect (it keeps its callTimeout)", t);
        }
    }

    /**
     * The bound on one provider connection: a {@code SessionFailureListener} of the client's session factory, and the
     * timer task that ends the client's reconnect when it has not finished in time.
     */
    private static final class Bound implements InvocationHandler, Runnable {
        private final Object factory;
        private final Object providerConnection;
        private final long limitMillis;
        private final String owner;
        private final FailureDetector detector;
        private final long generation;
        private ScheduledFuture<?> running;

        Bound(Object factory, Object providerConnection, long limitMillis, String owner, FailureDetector detector, long generation) {
            this.factory = factory;
            this.providerConnection = providerConnection;
            this.limitMillis = limitMillis;
            this.owner = owner;
            this.detector = detector;
            this.generation = generation;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) {
            switch (m.getName()) {
                case "beforeReconnect": // the client begins its own reconnect
                    synchronized (this) {
                        running = timer().schedule(this, limitMillis, TimeUnit.MILLISECONDS);
                    }
                    return null;
                case "connectionFailed": // it ended, either way
                    synchronized (this) {
                        if (running != null) {
                            running.cancel(false);
                        }
                    }
                    return null;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "Reattach's bound on " + owner;
            }
        }

        /** The client's reconnect has outlasted the bound: the agent rebuilds, and the client's reconnect ends. */
        @Override
        public void run() {
            Log.info("{}: the ActiveMQ Artemis client's own reconnect has not finished after {} ms: ending it; the agent rebuilds",
                    owner, limitMillis);
            detector.connectionBroken(generation, providerConnection,
                    new IOException("Reattach: the ActiveMQ Artemis client's own reconnect did not finish in time"));
            // Destroying the client's transport connection closes its channels, which returns calls blocked on them; it
            // can itself wait for the client's failover lock, so not on this thread.
            Background.run("ending the ActiveMQ Artemis client's own reconnect", () -> {
                try {
                    Object connection = factory.getClass().getMethod("getConnection").invoke(factory);
                    if (connection != null) {
                        connection.getClass().getMethod("destroy").invoke(connection);
                    }
                } catch (Throwable t) {
                    Log.debug("ending the ActiveMQ Artemis client's own reconnect: {}", t.toString());
                }
            });
        }
    }

    private static synchronized ScheduledThreadPoolExecutor timer() {
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("reattach-artemis-bound"));
            timer.setRemoveOnCancelPolicy(true);
            timer.setKeepAliveTime(1, TimeUnit.SECONDS);
            timer.allowCoreThreadTimeOut(true); // no thread while no reconnect is being timed
        }
        return timer;
    }

    private static String errorCode(Throwable t) {
        try {
            Object code = t.getClass().getMethod("getErrorCode").invoke(t);
            return code == null ? null : code.toString();
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
