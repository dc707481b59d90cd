package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A message received in a {@code CLIENT_ACKNOWLEDGE} session, as the application sees it: every call goes to the
 * provider's message, except {@code acknowledge()} of a message that the session received before the connection
 * failed. Such a message was never acknowledged and the broker delivers it again on the new session, so there is
 * nothing to acknowledge: the call returns quietly instead of throwing the dead session's exception. An acknowledge
 * that fails because the connection breaks under it is quiet for the same reason, and so is one that fails because the
 * provider had recreated the session by itself (Artemis: the broker had lost it).
 *
 * <p>Only messages of CLIENT_ACKNOWLEDGE sessions are wrapped; a send of a wrapped message sends the provider's.
 */
final class ReceivedMessage implements InvocationHandler {

    /**
     * Whether any message was wrapped in this JVM: until one is, a send has nothing to unwrap ({@link Messages#unwrap})
     * and asks no class of its message whether it is a proxy. Volatile: set by the receiving thread before the
     * application can hold the wrapped message.
     */
    private static volatile boolean anyWrapped;

    final Object delegate;
    private final ObjectNode session;
    private final long generation;
    private final FailureDetector detector;

    private ReceivedMessage(Object delegate, ObjectNode session, long generation, FailureDetector detector) {
        this.delegate = delegate;
        this.session = session;
        this.generation = generation;
        this.detector = detector;
    }

    static Object wrap(JmsApi api, Object message, ObjectNode session, long generation, FailureDetector detector) {
        if (message == null) {
            return null;
        }
        anyWrapped = true;
        return api.proxy(message, new ReceivedMessage(message, session, generation, detector));
    }

    /** Whether {@link #wrap} has made a message in this JVM. */
    static boolean anyWrapped() {
        return anyWrapped;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            if (method.getName().equals("toString")) {
                return delegate.toString();
            }
            return JmsApi.objectMethod(proxy, method, args);
        }
        boolean acknowledge = method.getName().equals("acknowledge") && method.getParameterCount() == 0;
        if (acknowledge && session.generation() != generation) {
            Log.debug("acknowledge() of a message received before the reconnect: nothing to do, the broker redelivers it");
            return null;
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            Throwable failure = e.getCause();
            if (acknowledge && (detector.isConnectionFailure(failure, generation)
                    || detector.providerLostSession(session, generation, failure))) {
                return null; // unacknowledged, hence redelivered after the reconnect
            }
            throw failure;
        }
    }
}
