package io.reattach.jms.fake;

import javax.jms.CompletionListener;
import javax.jms.DeliveryMode;
import javax.jms.Destination;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageFormatException;
import javax.jms.MessageProducer;

/**
 * A producer. A persistent send without a CompletionListener is a round trip: it is stored when {@code send}
 * returns. A non-persistent send, or one with a CompletionListener, is in flight (see {@link FakeBroker}).
 */
final class FakeProducer implements MessageProducer {

    private final FakeSession session;
    private final FakeBroker broker;
    private final Destination destination;
    // Volatile: the engine sets them again from its reconnect thread when it rebuilds the producer.
    private volatile int deliveryMode = DeliveryMode.PERSISTENT;
    private volatile int priority = Message.DEFAULT_PRIORITY;
    private volatile long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private volatile long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    private volatile boolean disableMessageId;
    private volatile boolean disableMessageTimestamp;
    private boolean closed;

    FakeProducer(FakeSession session, Destination destination) {
        this.session = session;
        this.broker = session.broker;
        this.destination = destination;
    }

    @Override
    public void send(Message message) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Destination destination, Message message) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Message message, CompletionListener listener) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive, CompletionListener listener) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Destination destination, Message message, CompletionListener listener) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Destination to, Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener listener) throws JMSException {
        if (!(message instanceof FakeTextMessage)) {
            throw new MessageFormatException("the fake broker takes only the text messages its sessions create, not " + message);
        }
        synchronized (broker) {
            if (closed) {
                throw new javax.jms.IllegalStateException("the producer is closed");
            }
            session.checkOpen();
            FakeConnection connection = session.connection;
            Script.Fault fault = broker.begin(connection, "send");
            FakeTextMessage sent = (FakeTextMessage) message;
            long expiration = timeToLive == 0 ? 0 : System.currentTimeMillis() + timeToLive;
            sent.sent(to, deliveryMode, priority, expiration, broker.nextMessageId());
            PendingSend send = new PendingSend(to, sent.copy(), sent, listener);
            if (session.transacted) {
                session.addToTransaction(send);
            } else if (listener != null || deliveryMode == DeliveryMode.NON_PERSISTENT) {
                connection.inFlight.add(send);
            } else {
                broker.flush(connection);
                broker.store(to, send.copy);
            }
            broker.end(connection, "send", fault);
        }
    }

    @Override
    public void close() {
        synchronized (broker) {
            closed = true;
        }
    }

    @Override
    public Destination getDestination() {
        return destination;
    }

    @Override
    public void setDeliveryMode(int deliveryMode) {
        this.deliveryMode = deliveryMode;
    }

    @Override
    public int getDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public void setPriority(int priority) {
        this.priority = priority;
    }

    @Override
    public int getPriority() {
        return priority;
    }

    @Override
    public void setTimeToLive(long timeToLive) {
        this.timeToLive = timeToLive;
    }

    @Override
    public long getTimeToLive() {
        return timeToLive;
    }

    @Override
    public void setDeliveryDelay(long deliveryDelay) {
        this.deliveryDelay = deliveryDelay;
    }

    @Override
    public long getDeliveryDelay() {
        return deliveryDelay;
    }

    @Override
    public void setDisableMessageID(boolean disable) {
        this.disableMessageId = disable;
    }

    @Override
    public boolean getDisableMessageID() {
        return disableMessageId;
    }

    @Override
    public void setDisableMessageTimestamp(boolean disable) {
        this.disableMessageTimestamp = disable;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        return disableMessageTimestamp;
    }
}
