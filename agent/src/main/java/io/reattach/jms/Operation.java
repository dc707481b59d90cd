package io.reattach.jms;

import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * What a JMS method means to the engine, decided once per method from its name and return type, so that one
 * handler serves every JMS interface of both namespaces.
 */
enum Operation {
    /** equals, hashCode, toString of the proxy itself. */
    OBJECT,
    CLOSE,
    SET_EXCEPTION_LISTENER,
    GET_EXCEPTION_LISTENER,
    SET_MESSAGE_LISTENER,
    GET_MESSAGE_LISTENER,
    /** A setter whose value must be applied again to a recreated object (client ID, delivery mode, ...). */
    SETTER,
    /** JMSProducer.clearProperties(): forgets the recorded setProperty calls. */
    CLEAR_PROPERTIES,
    START,
    STOP,
    SEND,
    /** receive() and receiveBody(Class): block until a message arrives. */
    RECEIVE,
    /** receive(long) and receiveBody(Class, long). */
    RECEIVE_TIMED,
    /** receiveNoWait() and receiveBodyNoWait(Class). */
    RECEIVE_NO_WAIT,
    COMMIT,
    ROLLBACK,
    /** A method that returns a JMS object the engine manages (session, producer, consumer, browser, context). */
    CREATE_MANAGED,
    /** createTemporaryQueue(), createTemporaryTopic(): the engine keeps track of them ({@link TemporaryDestinations}). */
    CREATE_TEMPORARY,
    /** Anything else: forwarded, and after a connection failure repeated on the new connection. */
    OTHER;

    private static final Decisions CACHE = new Decisions();

    /**
     * A {@link MethodCache} per declaring interface, so that a class loader that goes away takes its methods with it;
     * each method {@link #decide decided} once.
     */
    private static final class Decisions extends ClassValue<MethodCache<Operation>> implements Function<Method, Operation> {
        @Override
        protected MethodCache<Operation> computeValue(Class<?> type) {
            return new MethodCache<>(this);
        }

        @Override
        public Operation apply(Method method) {
            return decide(method);
        }
    }

    /**
     * Classifies a method the engine will call on provider objects, once per {@code Method} object, and marks it
     * accessible: a public method of a public JMS interface is accessible anyway, and the mark spares every reflective
     * call of it the caller check ({@code Method.invoke} looks up its caller each time). Where a security manager
     * refuses, calls take the check as before.
     */
    private static Operation decide(Method method) {
        try {
            method.setAccessible(true);
        } catch (RuntimeException refused) {
            // SecurityException, or a module that does not open the interface's package: the check stays
        }
        return classify(method);
    }

    static Operation of(Method method) {
        return CACHE.get(method.getDeclaringClass()).get(method);
    }

    private static Operation classify(Method method) {
        if (method.getDeclaringClass() == Object.class) {
            return OBJECT;
        }
        String name = method.getName();
        int params = method.getParameterCount();
        switch (name) {
            case "close":
                return params == 0 ? CLOSE : OTHER;
            case "setExceptionListener":
                return SET_EXCEPTION_LISTENER;
            case "getExceptionListener":
                return GET_EXCEPTION_LISTENER;
            case "setMessageListener":
                return SET_MESSAGE_LISTENER;
            case "getMessageListener":
                return GET_MESSAGE_LISTENER;
            case "clearProperties":
                return isJmsProducer(method) ? CLEAR_PROPERTIES : OTHER;
            case "start":
                return params == 0 ? START : OTHER;
            case "stop":
                return params == 0 ? STOP : OTHER;
            case "send":
            case "publish":
                return SEND;
            case "receive":
                return params == 0 ? RECEIVE : RECEIVE_TIMED;
            case "receiveBody":
                return params == 1 ? RECEIVE : RECEIVE_TIMED;
            case "receiveNoWait":
            case "receiveBodyNoWait":
                return RECEIVE_NO_WAIT;
            case "commit":
                return COMMIT;
            case "rollback":
                return ROLLBACK;
            case "createTemporaryQueue":
            case "createTemporaryTopic":
                return params == 0 ? CREATE_TEMPORARY : OTHER;
            default:
                break;
        }
        if (name.startsWith("set") && params >= 1 && !isMessageSetter(method)) {
            return SETTER;
        }
        Class<?> returned = method.getReturnType();
        Role role = Role.of(returned);
        if (role != null && role != Role.CONNECTION && !isJmsProducerSelf(method)) {
            return CREATE_MANAGED;
        }
        return OTHER;
    }

    /** JMSProducer setters return the producer itself; they are SETTERs, not creations. */
    private static boolean isJmsProducerSelf(Method method) {
        return isJmsProducer(method) && !method.getName().startsWith("create");
    }

    private static boolean isJmsProducer(Method method) {
        return method.getDeclaringClass().getSimpleName().equals("JMSProducer");
    }

    /** Setters on messages are never called on managed objects, but guard against a provider interface mix. */
    private static boolean isMessageSetter(Method method) {
        return method.getDeclaringClass().getSimpleName().endsWith("Message");
    }

    static boolean isJms(Class<?> type) {
        String name = type.getName();
        return name.startsWith(JmsApi.JAVAX) || name.startsWith(JmsApi.JAKARTA);
    }
}
