package io.reattach.jms.fake;

import javax.jms.Destination;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageListener;
import javax.jms.Topic;
import javax.jms.TopicSubscriber;
import java.util.concurrent.TimeUnit;

/**
 * A consumer of a queue or of a topic subscription. {@code receive} waits on the broker's lock until a message
 * is there and the connection is started; a MessageListener gets its messages on the provider thread.
 */
final class FakeConsumer implements TopicSubscriber {

    final FakeSession session;
    private final FakeBroker broker;
    private final Destination destination;
    /** The queue name or subscription key it takes messages from. */
    final String source;
    /** A non-durable topic subscription: it ends with the consumer. */
    private final boolean ownsSubscription;
    MessageListener listener;
    private boolean closed;

    FakeConsumer(FakeSession session, Destination destination, String source, boolean ownsSubscription) {
        this.session = session;
        this.broker = session.broker;
        this.destination = destination;
        this.source = source;
        this.ownsSubscription = ownsSubscription;
    }

    @Override
    public Message receive() throws JMSException {
        return receive(0, false);
    }

    @Override
    public Message receive(long timeout) throws JMSException {
        return receive(timeout, false);
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        return receive(0, true);
    }

    /** @param timeout milliseconds, 0 for no limit */
    private Message receive(long timeout, boolean noWait) throws JMSException {
        synchronized (broker) {
            session.checkOpen();
            FakeConnection connection = session.connection;
            Script.Fault fault = broker.begin(connection, "receive");
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
            for (boolean waited = false; !closed; waited = true) {
                if (waited && connection.broken && broker.receivesReturnNullOnFailure()) {
                    return null; // as Artemis' consumer does when the connection fails under a waiting receive
                }
                broker.checkOpen(connection, "receive"); // a crash while waiting ends the wait with its failure
                FakeTextMessage stored = connection.started ? broker.poll(source) : null;
                if (stored != null) {
                    // A lost reply: the broker sent the message, the client never got it, so nothing acknowledged it.
                    boolean acknowledged = session.acknowledgesOnReceive() && fault == null;
                    FakeTextMessage message = session.delivered(new Delivery(source, stored), acknowledged);
                    broker.end(connection, "receive", fault);
                    return message;
                }
                long left = deadline - System.nanoTime();
                if (noWait || timeout > 0 && left <= 0) {
                    return null;
                }
                broker.receiveWaits(1);
                try {
                    if (timeout > 0) {
                        TimeUnit.NANOSECONDS.timedWait(broker, left);
                    } else {
                        broker.wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                } finally {
                    broker.receiveWaits(-1);
                }
            }
            return null; // closed while waiting, as JMS says
        }
    }

    @Override
    public MessageListener getMessageListener() {
        synchronized (broker) {
            return listener;
        }
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        synchronized (broker) {
            session.checkOpen();
            this.listener = listener;
            broker.dispatchLater();
        }
        broker.holdPoint(FakeBroker.LISTENER_SET); // the caller goes on only once released: a window after a call that worked
    }

    @Override
    public void close() {
        synchronized (broker) {
            if (closed) {
                return;
            }
            closed = true;
            session.consumers.remove(this);
            if (ownsSubscription) {
                broker.unsubscribe(source);
            }
            broker.notifyAll(); // a receive waiting on it returns null
        }
    }

    /** The connection broke: a non-durable subscription ends with it. */
    void connectionBroke() {
        if (ownsSubscription) {
            broker.unsubscribe(source);
        }
    }

    @Override
    public String getMessageSelector() {
        return null;
    }

    @Override
    public Topic getTopic() {
        return destination instanceof Topic ? (Topic) destination : null;
    }

    @Override
    public boolean getNoLocal() {
        return false;
    }
}
