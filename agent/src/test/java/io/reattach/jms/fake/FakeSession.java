package io.reattach.jms.fake;

import javax.jms.BytesMessage;
import javax.jms.Destination;
import javax.jms.InvalidDestinationException;
import javax.jms.JMSException;
import javax.jms.MapMessage;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageListener;
import javax.jms.MessageProducer;
import javax.jms.ObjectMessage;
import javax.jms.Queue;
import javax.jms.QueueBrowser;
import javax.jms.Session;
import javax.jms.StreamMessage;
import javax.jms.TemporaryQueue;
import javax.jms.TemporaryTopic;
import javax.jms.TextMessage;
import javax.jms.Topic;
import javax.jms.TopicSubscriber;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A session of a {@link FakeConnection}: transacted, AUTO_ACKNOWLEDGE, DUPS_OK_ACKNOWLEDGE or CLIENT_ACKNOWLEDGE.
 * Its state is guarded by the broker's lock.
 */
final class FakeSession implements Session {

    final FakeConnection connection;
    final FakeBroker broker;
    final boolean transacted;
    final int acknowledgeMode;
    final List<FakeConsumer> consumers = new ArrayList<>();
    /** The sends of the open transaction, in order. */
    private final List<PendingSend> transaction = new ArrayList<>();
    /** Deliveries not acknowledged yet (in a transaction: not committed yet), in order. */
    private final List<Delivery> unacknowledged = new ArrayList<>();
    private boolean closed;

    FakeSession(FakeConnection connection, boolean transacted, int acknowledgeMode) {
        this.connection = connection;
        this.broker = connection.broker;
        this.transacted = transacted;
        this.acknowledgeMode = acknowledgeMode;
    }

    /** Messages are made locally, as providers do: this works on a broken connection too. */
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
        return transacted;
    }

    @Override
    public int getAcknowledgeMode() {
        return acknowledgeMode;
    }

    /** A round trip: the connection's sends in flight arrive first, then the transaction's, in order. */
    @Override
    public void commit() throws JMSException {
        synchronized (broker) {
            checkTransacted();
            Script.Fault fault = broker.begin(connection, "commit");
            broker.flush(connection);
            for (PendingSend send : transaction) {
                broker.store(send.destination, send.copy);
            }
            transaction.clear();
            unacknowledged.clear();
            broker.end(connection, "commit", fault);
        }
    }

    @Override
    public void rollback() throws JMSException {
        synchronized (broker) {
            checkTransacted();
            Script.Fault fault = broker.begin(connection, "rollback");
            broker.flush(connection);
            transaction.clear();
            redeliverUnacknowledged();
            broker.end(connection, "rollback", fault);
        }
    }

    @Override
    public void recover() throws JMSException {
        synchronized (broker) {
            checkOpen();
            if (transacted) {
                throw new javax.jms.IllegalStateException("recover() of a transacted session");
            }
            Script.Fault fault = broker.begin(connection, "recover");
            redeliverUnacknowledged();
            broker.end(connection, "recover", fault);
        }
    }

    /**
     * A round trip, as with real providers: what the connection had in flight arrives first. Ends the open transaction
     * (rolled back) and returns what was not acknowledged.
     */
    @Override
    public void close() {
        synchronized (broker) {
            if (closed) {
                return;
            }
            closed = true;
            if (!connection.broken) {
                broker.flush(connection);
            }
            for (FakeConsumer c : new ArrayList<>(consumers)) {
                c.close();
            }
            transaction.clear();
            redeliverUnacknowledged();
            connection.sessions.remove(this);
        }
    }

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        synchronized (broker) {
            checkOpen();
            Script.Fault fault = broker.begin(connection, "createProducer");
            FakeProducer producer = new FakeProducer(this, destination);
            broker.end(connection, "createProducer", fault);
            return producer;
        }
    }

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return consumer("createConsumer", destination, null, null);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String selector) throws JMSException {
        return consumer("createConsumer", destination, selector, null);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String selector, boolean noLocal) throws JMSException {
        return consumer("createConsumer", destination, selector, null);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return consumer("createDurableSubscriber", topic, null, name);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String selector, boolean noLocal) throws JMSException {
        return consumer("createDurableSubscriber", topic, selector, name);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return consumer("createDurableConsumer", topic, null, name);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String selector, boolean noLocal) throws JMSException {
        return consumer("createDurableConsumer", topic, selector, name);
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        synchronized (broker) {
            checkOpen();
            Script.Fault fault = broker.begin(connection, "unsubscribe");
            broker.unsubscribe(durableKey(name));
            broker.end(connection, "unsubscribe", fault);
        }
    }

    @Override
    public Queue createQueue(String name) {
        return new FakeQueue(name);
    }

    @Override
    public Topic createTopic(String name) {
        return new FakeTopic(name);
    }

    private FakeConsumer consumer(String call, Destination destination, String selector, String durableName) throws JMSException {
        if (selector != null && !selector.isEmpty()) {
            throw Unsupported.inFake("a message selector");
        }
        broker.holdPoint(call);
        synchronized (broker) {
            checkOpen();
            if (destination instanceof FakeQueue && broker.offline(connection)) {
                return new FakeConsumer(this, destination, ((FakeQueue) destination).name, false); // never gets a message
            }
            Script.Fault fault = broker.begin(connection, call);
            String source;
            if (destination instanceof FakeQueue) {
                source = ((FakeQueue) destination).name;
                broker.checkConsumable(source);
            } else if (destination instanceof FakeTopic) {
                source = broker.subscribe((FakeTopic) destination, durableName == null ? null : durableKey(durableName));
            } else {
                throw new InvalidDestinationException("not a destination of the fake broker: " + destination);
            }
            FakeConsumer consumer = new FakeConsumer(this, destination, source, destination instanceof FakeTopic && durableName == null);
            consumers.add(consumer);
            broker.end(connection, call, fault);
            return consumer;
        }
    }

    private String durableKey(String name) throws JMSException {
        if (connection.clientId == null) {
            throw new javax.jms.IllegalStateException("a durable subscription needs a client ID");
        }
        return "durable:" + connection.clientId + ":" + name;
    }

    // ---- for the producers, consumers and messages of this session and the broker; callers hold the lock ----

    void checkOpen() throws JMSException {
        if (closed) {
            throw new javax.jms.IllegalStateException("the session is closed");
        }
    }

    private void checkTransacted() throws JMSException {
        checkOpen();
        if (!transacted) {
            throw new javax.jms.IllegalStateException("not a transacted session");
        }
    }

    /** A send in a transaction waits for the commit; its CompletionListener is called when the send is done. */
    void addToTransaction(PendingSend send) {
        transaction.add(send);
        if (send.completionListener != null) {
            broker.callback(() -> send.completionListener.onCompletion(send.sent));
        }
    }

    /** The copy the application sees of a message delivered to a consumer of this session. */
    FakeTextMessage delivered(Delivery delivery, boolean acknowledgedNow) {
        if (!acknowledgedNow) {
            unacknowledged.add(delivery);
        }
        FakeTextMessage copy = delivery.message.copy();
        copy.deliveredBy(this);
        return copy;
    }

    /** AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE: a message is acknowledged when receive returns it. */
    boolean acknowledgesOnReceive() {
        return !transacted && acknowledgeMode != Session.CLIENT_ACKNOWLEDGE;
    }

    /** ... or when the MessageListener it was given to returns. */
    void listenerReturned(Delivery delivery) {
        if (acknowledgesOnReceive()) {
            unacknowledged.remove(delivery);
        }
    }

    /** {@code Message.acknowledge()} in CLIENT_ACKNOWLEDGE: every message the session delivered so far. */
    void acknowledge() throws JMSException {
        synchronized (broker) {
            if (transacted || acknowledgeMode != Session.CLIENT_ACKNOWLEDGE) {
                return;
            }
            checkOpen();
            Script.Fault fault = broker.begin(connection, "acknowledge");
            unacknowledged.clear();
            broker.end(connection, "acknowledge", fault);
        }
    }

    /** The connection broke: the open transaction is lost, and what was not acknowledged is redelivered. */
    void connectionBroke() {
        transaction.clear();
        redeliverUnacknowledged();
        for (FakeConsumer c : consumers) {
            c.connectionBroke();
        }
    }

    private void redeliverUnacknowledged() {
        broker.redeliver(new ArrayList<>(unacknowledged));
        unacknowledged.clear();
    }

    // ---- not in the fake ----

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
    public MessageListener getMessageListener() {
        throw Unsupported.inFake("a session's MessageListener");
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        throw Unsupported.inFake("a session's MessageListener");
    }

    @Override
    public void run() {
        throw Unsupported.inFake("Session.run");
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String name) {
        throw Unsupported.inFake("a shared subscription");
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String name, String selector) {
        throw Unsupported.inFake("a shared subscription");
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) {
        throw Unsupported.inFake("a shared subscription");
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String selector) {
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
