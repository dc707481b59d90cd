package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.reflect.InvocationTargetException;

/**
 * The cheap check of a provider connection that {@link FailureDetector} asks when a call failed and nothing else says
 * why: a new session (for a context, a new context and a producer, which makes it create its session) and in it a
 * temporary queue, deleted and closed at once. It fails on a broken connection however the provider names its
 * exceptions, and costs a few round trips on a healthy one; it runs only after an exception, never on the way of a call
 * that works.
 *
 * <p>Why the temporary queue: it is a request the broker must answer with every provider. A session alone is not:
 * ActiveMQ Classic sends its {@code SessionInfo} one way, so on a connection its transport has just failed (the stall
 * watch, a reset) a session was still "created" while the calls waiting on that connection were already failing, and
 * their exceptions passed for the application's own (found by the chaos suite). A refusal of the temporary queue
 * itself (no permission to create one, a provider without them) is an answer: the connection is healthy.
 */
final class ConnectionProbe {

    private static final int AUTO_ACKNOWLEDGE = 1;

    private ConnectionProbe() {
    }

    /**
     * Asks the provider connection (or context) for a new session and a temporary queue in it. Returns the failure
     * when it cannot give them, null when it answered. An internal error of the agent's own (reflection) is logged once and counts as an answer:
     * the agent never takes a connection down on a guess.
     */
    static Throwable check(Object connection, Role role, String owner) {
        try {
            Object session;
            if (role == Role.CONTEXT) {
                // Contexts create their session lazily (Artemis): a producer makes the child context create one.
                session = JmsApi.interfaceMethod(connection, "createContext", int.class).invoke(connection, AUTO_ACKNOWLEDGE);
                try {
                    JmsApi.interfaceMethod(session, "createProducer").invoke(session);
                } catch (InvocationTargetException e) {
                    JmsApi.interfaceMethod(session, "close").invoke(session);
                    throw e;
                }
            } else {
                session = JmsApi.interfaceMethod(connection, "createSession", boolean.class, int.class).invoke(connection, false, AUTO_ACKNOWLEDGE);
            }
            Throwable roundTrip = temporaryQueueRoundTrip(session);
            if (roundTrip != null) {
                Background.close(session);
                return roundTrip;
            }
            Object closeable = role == Role.CONTEXT ? RabbitMqContexts.probeSession(session) : null;
            closeable = closeable != null ? closeable : session;
            JmsApi.interfaceMethod(closeable, "close").invoke(closeable);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (Throwable t) {
            Log.internalError("probing " + owner, t);
            return null;
        }
    }

    /** Creates and deletes a temporary queue: null when the broker answered (a refusal included), else the failure. */
    private static Throwable temporaryQueueRoundTrip(Object sessionOrContext) throws ReflectiveOperationException {
        try {
            Object queue = JmsApi.interfaceMethod(sessionOrContext, "createTemporaryQueue").invoke(sessionOrContext);
            JmsApi.interfaceMethod(queue, "delete").invoke(queue);
            return null;
        } catch (InvocationTargetException e) {
            Throwable refusal = e.getCause();
            return FailureKind.isApplicationError(refusal) || refusal instanceof UnsupportedOperationException ? null : refusal;
        }
    }
}
