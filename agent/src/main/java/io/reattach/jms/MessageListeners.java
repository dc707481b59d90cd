package io.reattach.jms;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The agent's MessageListener in front of the application's, so that a delivery counts as received work of its
 * session's transaction, and a message of a CLIENT_ACKNOWLEDGE session reaches the application wrapped
 * ({@link ReceivedMessage}).
 */
final class MessageListeners {

    private MessageListeners() {
    }

    static Object wrap(JmsApi api, ObjectNode consumer, Object applicationListener, FailureDetector detector) {
        if (applicationListener == null) {
            return null;
        }
        Method onMessage = api.load("MessageListener").getMethods()[0];
        return api.listener("MessageListener", new InFront(api, consumer, onMessage, applicationListener, detector));
    }

    /** The agent's listener of one consumer. */
    private static final class InFront implements InvocationHandler {
        private final JmsApi api;
        private final ObjectNode consumer;
        private final Method onMessage;
        private final Object applicationListener;
        private final FailureDetector detector;

        InFront(JmsApi api, ObjectNode consumer, Method onMessage, Object applicationListener, FailureDetector detector) {
            this.api = api;
            this.consumer = consumer;
            this.onMessage = onMessage;
            this.applicationListener = applicationListener;
            this.detector = detector;
        }

        @Override
        public Object invoke(Object p, Method m, Object[] a) throws Throwable {
            if (m.getDeclaringClass() == Object.class) {
                return JmsApi.objectMethod(p, m, a);
            }
            ObjectNode session = consumer.session();
            if (session != null && session.transaction != null) {
                session.transaction.received();
            }
            if (session != null && session.clientAcknowledge) {
                a = new Object[]{ReceivedMessage.wrap(api, a[0], session, session.generation(), detector)};
            }
            try {
                return onMessage.invoke(applicationListener, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
