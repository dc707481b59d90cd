package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.reflect.InvocationTargetException;

/**
 * The cheap check of a provider connection that {@link FailureDetector} asks when a call failed and nothing else says
 * why: a new session (for a context, a new context and a producer, which makes it create its session), closed at once.
 * It needs the broker, costs one round trip or two on a healthy connection, and fails on a broken one however the
 * provider names its exceptions. It runs only after an exception, never on the way of a call that works.
 */
final class ConnectionProbe {

    private static final int AUTO_ACKNOWLEDGE = 1;

    private ConnectionProbe() {
    }

    /**
     * Asks the provider connection (or context) for a new session. Returns the failure when it cannot give one, null
     * when it answered. An internal error of the agent's own (reflection) is logged once and counts as an answer:
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
}
