package io.reattach.jms.fake;

import javax.jms.BytesMessage;
import javax.jms.ConnectionMetaData;
import javax.jms.Destination;
import javax.jms.ExceptionListener;
import javax.jms.JMSConsumer;
import javax.jms.JMSContext;
import javax.jms.JMSException;
import javax.jms.JMSProducer;
import javax.jms.MapMessage;
import javax.jms.Message;
import javax.jms.ObjectMessage;
import javax.jms.Queue;
import javax.jms.QueueBrowser;
import javax.jms.StreamMessage;
import javax.jms.TemporaryQueue;
import javax.jms.TemporaryTopic;
import javax.jms.TextMessage;
import javax.jms.Topic;
import java.io.Serializable;

/**
 * A JMSContext: a {@link FakeConnection} and one {@link FakeSession}, created on first use as Artemis does, so that
 * {@code setClientID} can come first. Exceptions are the unchecked ones of the simplified API ({@link Unchecked}).
 */
final class FakeContext implements JMSContext {

    private final FakeConnection connection;
    private final FakeBroker broker;
    private final int sessionMode;
    /** A context made by {@link #createContext(int)} shares its parent's connection and closes only its session. */
    private final boolean ownsConnection;
    private FakeSession session;
    private volatile boolean autoStart = true;

    FakeContext(FakeConnection connection, int sessionMode, boolean ownsConnection) {
        this.connection = connection;
        this.broker = connection.broker;
        this.sessionMode = sessionMode;
        this.ownsConnection = ownsConnection;
    }

    private FakeSession session() throws JMSException {
        synchronized (broker) {
            if (session == null) {
                session = (FakeSession) connection.createSession(sessionMode);
            }
            return session;
        }
    }

    @Override
    public JMSContext createContext(int mode) {
        return new FakeContext(connection, mode, false);
    }

    @Override
    public JMSProducer createProducer() {
        return Unchecked.call(() -> new FakeJmsProducer(session()));
    }

    @Override
    public String getClientID() {
        return connection.getClientID();
    }

    @Override
    public void setClientID(String clientId) {
        Unchecked.run(() -> connection.setClientID(clientId));
    }

    @Override
    public ExceptionListener getExceptionListener() {
        return connection.getExceptionListener();
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        Unchecked.run(() -> connection.setExceptionListener(listener));
    }

    @Override
    public void start() {
        Unchecked.run(connection::start);
    }

    @Override
    public void stop() {
        Unchecked.run(connection::stop);
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        return autoStart;
    }

    @Override
    public void close() {
        synchronized (broker) {
            if (ownsConnection) {
                connection.close();
            } else if (session != null) {
                session.close();
            }
        }
    }

    @Override
    public TextMessage createTextMessage() {
        return new FakeTextMessage(null);
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return new FakeTextMessage(text);
    }

    @Override
    public boolean getTransacted() {
        return sessionMode == JMSContext.SESSION_TRANSACTED;
    }

    @Override
    public int getSessionMode() {
        return sessionMode;
    }

    @Override
    public void commit() {
        Unchecked.run(() -> session().commit());
    }

    @Override
    public void rollback() {
        Unchecked.run(() -> session().rollback());
    }

    @Override
    public void recover() {
        Unchecked.run(() -> session().recover());
    }

    @Override
    public void acknowledge() {
        Unchecked.run(() -> session().acknowledge());
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(() -> session().createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String selector) {
        return consumer(() -> session().createConsumer(destination, selector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String selector, boolean noLocal) {
        return consumer(() -> session().createConsumer(destination, selector, noLocal));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(() -> session().createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String selector, boolean noLocal) {
        return consumer(() -> session().createDurableConsumer(topic, name, selector, noLocal));
    }

    /** A consumer, and the connection started if the context starts itself (the default). */
    private JMSConsumer consumer(Unchecked.Call<javax.jms.MessageConsumer> create) {
        FakeConsumer consumer = (FakeConsumer) Unchecked.call(create);
        if (autoStart) {
            start();
        }
        return new FakeJmsConsumer(consumer);
    }

    @Override
    public Queue createQueue(String name) {
        return new FakeQueue(name);
    }

    @Override
    public Topic createTopic(String name) {
        return new FakeTopic(name);
    }

    @Override
    public void unsubscribe(String name) {
        Unchecked.run(() -> session().unsubscribe(name));
    }

    // ---- not in the fake ----

    @Override
    public ConnectionMetaData getMetaData() {
        throw Unsupported.inFake("ConnectionMetaData");
    }

    @Override
    public BytesMessage createBytesMessage() {
        throw Unsupported.inFake("BytesMessage");
    }

    @Override
    public MapMessage createMapMessage() {
        throw Unsupported.inFake("MapMessage");
    }

    @Override
    public Message createMessage() {
        throw Unsupported.inFake("Message");
    }

    @Override
    public ObjectMessage createObjectMessage() {
        throw Unsupported.inFake("ObjectMessage");
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        throw Unsupported.inFake("ObjectMessage");
    }

    @Override
    public StreamMessage createStreamMessage() {
        throw Unsupported.inFake("StreamMessage");
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        throw Unsupported.inFake("a shared subscription");
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String selector) {
        throw Unsupported.inFake("a shared subscription");
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String name) {
        throw Unsupported.inFake("a shared subscription");
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String name, String selector) {
        throw Unsupported.inFake("a shared subscription");
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        throw Unsupported.inFake("QueueBrowser");
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String selector) {
        throw Unsupported.inFake("QueueBrowser");
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        throw Unsupported.inFake("TemporaryQueue");
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        throw Unsupported.inFake("TemporaryTopic");
    }
}
