package io.reattach.jms;

import java.io.NotSerializableException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.ExceptionListener;
import javax.jms.JMSException;
import javax.jms.MessageFormatException;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;

/**
 * A JMS provider made of {@code javax.jms} proxies, with the habits that a rule built on exception names trips over: a
 * call on a dead connection throws an unchecked exception without a cause ({@link Closed}, as RabbitMQ's
 * {@code AlreadyClosedException}); a send to the queue {@value #FORBIDDEN} throws an unchecked exception on a healthy
 * connection, one to {@value #BAD_FORMAT} a {@code MessageFormatException} caused by an {@code IOException}. The broker
 * keeps the texts it stored; {@link #breakConnections} kills every connection made so far, with or without telling
 * their ExceptionListeners; connections made after it work.
 */
final class FakeProvider {

    static final String FORBIDDEN = "forbidden";
    static final String BAD_FORMAT = "bad-format";

    /** What a call on a dead connection throws: unchecked, no cause, a name that says nothing. */
    static final class Closed extends RuntimeException {
        Closed() {
            super("channel is already closed");
        }
    }

    final List<String> stored = new CopyOnWriteArrayList<>();
    final AtomicInteger connectionsMade = new AtomicInteger();
    final AtomicInteger sessionsMade = new AtomicInteger();
    /** The last application error a send threw, to compare with what the application got. */
    volatile Throwable lastApplicationError;
    private final List<FakeConnection> connections = new CopyOnWriteArrayList<>();

    ConnectionFactory factory() {
        return proxy(ConnectionFactory.class, (p, m, a) -> {
            if (m.getName().equals("createConnection")) {
                return connect();
            }
            return objectMethod(p, m, a);
        });
    }

    /** What {@code createConnection()} returns. */
    Connection connect() {
        connectionsMade.incrementAndGet();
        FakeConnection c = new FakeConnection();
        connections.add(c);
        return c.proxy;
    }

    /** Every connection made so far dies; {@code report}: their ExceptionListeners hear of it, as most providers do. */
    void breakConnections(boolean report) {
        for (FakeConnection c : connections) {
            c.dead = true;
            ExceptionListener l = c.listener;
            if (report && l != null) {
                l.onException(new JMSException("connection lost"));
            }
        }
    }

    /** Tells the ExceptionListeners of live connections about an error of the application's (an asynchronous one). */
    void reportToLiveListeners(JMSException e) {
        for (FakeConnection c : connections) {
            if (!c.dead && c.listener != null) {
                c.listener.onException(e);
            }
        }
    }

    private final class FakeConnection {
        volatile boolean dead;
        volatile ExceptionListener listener;
        final Connection proxy = proxy(Connection.class, this::invoke);

        private Object invoke(Object p, Method m, Object[] a) throws Throwable {
            switch (m.getName()) {
                case "setExceptionListener":
                    listener = (ExceptionListener) a[0];
                    return null;
                case "getExceptionListener":
                    return listener;
                case "close":
                case "start":
                case "stop":
                    return null;
                case "createSession":
                    alive();
                    sessionsMade.incrementAndGet();
                    return session();
                default:
                    return objectMethod(p, m, a);
            }
        }

        void alive() {
            if (dead) {
                throw new Closed();
            }
        }

        private Session session() {
            return proxy(Session.class, (p, m, a) -> {
                switch (m.getName()) {
                    case "createQueue":
                        String name = (String) a[0];
                        return proxy(Queue.class, (q, qm, qa) -> qm.getName().equals("getQueueName") ? name : objectMethod(q, qm, qa));
                    case "createProducer":
                        return producer((Queue) a[0]);
                    case "createTextMessage":
                        return textMessage((String) a[0]);
                    case "getTransacted":
                        return false;
                    case "getAcknowledgeMode":
                        return Session.AUTO_ACKNOWLEDGE;
                    case "close":
                        return null;
                    default:
                        return objectMethod(p, m, a);
                }
            });
        }

        private MessageProducer producer(Queue queue) {
            return proxy(MessageProducer.class, (p, m, a) -> {
                switch (m.getName()) {
                    case "send":
                        alive();
                        String name = queue.getQueueName();
                        if (name.equals(FORBIDDEN)) {
                            throw remember(new UnsupportedOperationException("not for you"));
                        }
                        if (name.equals(BAD_FORMAT)) {
                            MessageFormatException e = new MessageFormatException("cannot serialise the body");
                            e.initCause(new NotSerializableException("java.lang.Object"));
                            throw remember(e);
                        }
                        stored.add(((TextMessage) a[0]).getText());
                        return null;
                    case "getDeliveryMode":
                        return javax.jms.DeliveryMode.PERSISTENT;
                    case "close":
                        return null;
                    default:
                        return objectMethod(p, m, a);
                }
            });
        }
    }

    private Throwable remember(Throwable t) {
        lastApplicationError = t;
        return t;
    }

    private static TextMessage textMessage(String text) {
        Map<String, Object> properties = new HashMap<>();
        return proxy(TextMessage.class, (p, m, a) -> {
            switch (m.getName()) {
                case "getText":
                    return text;
                case "getJMSDeliveryMode":
                    return javax.jms.DeliveryMode.PERSISTENT;
                case "getPropertyNames":
                    return Collections.enumeration(properties.keySet());
                case "getObjectProperty":
                case "getStringProperty":
                    return properties.get((String) a[0]);
                case "setObjectProperty":
                case "setStringProperty":
                    properties.put((String) a[0], a[1]);
                    return null;
                default:
                    return m.getDeclaringClass() == Object.class ? objectMethod(p, m, a) : null; // headers: not needed here
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(FakeProvider.class.getClassLoader(), new Class<?>[]{type}, handler);
    }

    private static Object objectMethod(Object p, Method m, Object[] a) {
        if (m.getDeclaringClass() == Object.class) {
            return JmsApi.objectMethod(p, m, a);
        }
        throw new UnsupportedOperationException("the fake provider has no " + m.getName());
    }
}
