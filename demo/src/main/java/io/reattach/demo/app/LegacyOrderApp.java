package io.reattach.demo.app;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The application of the demo, written the way legacy JMS code is written: two connections (one sends orders in
 * transactions of {@value #BATCH}, one receives them with a {@code MessageListener} in {@code AUTO_ACKNOWLEDGE}),
 * persistent sends, and no reconnect code at all. Its {@code ExceptionListener}s only print what they get; a send that throws makes it print the exception and
 * exit with code 1.
 *
 * <pre>
 * java [-javaagent:reattach-agent.jar=...] -cp reattach-demo.jar io.reattach.demo.app.LegacyOrderApp \
 *      URL QUEUE COUNT PER_SECOND IDLE_TIMEOUT_MS
 * </pre>
 *
 * It sends orders 1 to COUNT, PER_SECOND a second, each a {@code TextMessage} with the int property {@code order}; then
 * waits until it has received every order it sent, or until no message came for IDLE_TIMEOUT_MS; then closes both
 * connections and exits with code 0.
 *
 * <p>Standard output is one line per fact, tab-separated, for the demo runner to read ({@link Line}):
 * {@code READY}, {@code SENT n}, {@code SEND-FAILED n exception}, {@code RECEIVED n messageId redelivered},
 * {@code EXCEPTION-LISTENER connection errorCode message linked}, {@code DONE sent received}. Stack traces go to
 * standard error.
 */
public final class LegacyOrderApp {

    /** The int property that carries an order's number. */
    public static final String ORDER_PROPERTY = "order";
    /**
     * Orders per transaction: a broker killed between two commits takes the open transaction's sends with it, which is
     * where the agent's send buffer shows (it replays them into the new session so that the commit succeeds).
     */
    public static final int BATCH = 5;

    private LegacyOrderApp() {
    }

    public static void main(String[] args) throws Exception {
        OrphanGuard.install(); // demo plumbing, not application logic: exit if the demo runner dies
        if (args.length != 5) {
            System.err.println("usage: LegacyOrderApp URL QUEUE COUNT PER_SECOND IDLE_TIMEOUT_MS");
            System.exit(64);
        }
        String url = args[0];
        String queueName = args[1];
        int count = Integer.parseInt(args[2]);
        long pauseMillis = Math.max(1, 1000 / Integer.parseInt(args[3]));
        long idleTimeoutMillis = Long.parseLong(args[4]);

        ConnectionFactory factory = new ActiveMQConnectionFactory(url);
        Set<Integer> received = ConcurrentHashMap.newKeySet();
        AtomicLong lastReceived = new AtomicLong(System.nanoTime());

        // The consumer: a connection with a message listener, started once.
        Connection consumerConnection = factory.createConnection();
        consumerConnection.setExceptionListener(e -> printException("consumer", e));
        Session consumerSession = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue(queueName));
        consumer.setMessageListener(message -> {
            try {
                int order = message.getIntProperty(ORDER_PROPERTY);
                received.add(order);
                lastReceived.set(System.nanoTime());
                Line.print(Line.RECEIVED, order, message.getJMSMessageID(), message.getJMSRedelivered());
            } catch (JMSException e) {
                e.printStackTrace();
            }
        });
        consumerConnection.start();

        // The producer: another connection, persistent sends, committed every BATCH orders.
        Connection producerConnection = factory.createConnection();
        producerConnection.setExceptionListener(e -> printException("producer", e));
        Session producerSession = producerConnection.createSession(true, Session.SESSION_TRANSACTED);
        Queue queue = producerSession.createQueue(queueName);
        MessageProducer producer = producerSession.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        Line.print(Line.READY);

        for (int order = 1; order <= count; order++) {
            try {
                TextMessage message = producerSession.createTextMessage("order " + order);
                message.setIntProperty(ORDER_PROPERTY, order);
                producer.send(message);
                if (order % BATCH == 0 || order == count) {
                    producerSession.commit();
                }
            } catch (JMSException e) {
                // What legacy code does: report it and die. The open transaction's orders are rolled back with it,
                // and the orders not sent yet are never sent.
                Line.print(Line.SEND_FAILED, order, Line.summary(e));
                e.printStackTrace();
                System.exit(1);
            }
            Line.print(Line.SENT, order);
            Thread.sleep(pauseMillis);
        }

        lastReceived.set(System.nanoTime());
        while (received.size() < count && System.nanoTime() - lastReceived.get() < idleTimeoutMillis * 1_000_000L) {
            Thread.sleep(50);
        }
        Line.print(Line.DONE, count, received.size());
        producerConnection.close();
        consumerConnection.close();
        System.exit(0);
    }

    private static void printException(String connection, JMSException e) {
        Line.print(Line.EXCEPTION_LISTENER, connection, e.getErrorCode(), e.getMessage(),
                e.getLinkedException() == null ? "" : Line.summary(e.getLinkedException()));
        e.printStackTrace();
    }
}
