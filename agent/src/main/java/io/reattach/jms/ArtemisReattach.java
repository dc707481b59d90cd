package io.reattach.jms;

import io.reattach.log.Log;

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
 */
final class ArtemisReattach {

    /** {@code ActiveMQConnection.EXCEPTION_FAILOVER}: the error code of the report after the client reconnected. */
    static final String FAILOVER = "FAILOVER";

    private static final String SESSION = "org.apache.activemq.artemis.jms.client.ActiveMQSession";
    private static final String CONTEXT = "org.apache.activemq.artemis.jms.client.ActiveMQJMSContext";

    private static volatile boolean broken;

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
                session = session.getClass().getMethod("getUsedSession").invoke(session);
            }
            if (session == null || !ProviderTuning.is(session, SESSION)) {
                return null;
            }
            Object core = session.getClass().getMethod("getCoreSession").invoke(session);
            return core == null ? null : (String) core.getClass().getMethod("getName").invoke(core);
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

    private static String errorCode(Throwable t) {
        try {
            Object code = t.getClass().getMethod("getErrorCode").invoke(t);
            return code == null ? null : code.toString();
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
