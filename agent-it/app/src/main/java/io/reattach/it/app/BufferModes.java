package io.reattach.it.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.jms.CompletionListener;
import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.DeliveryMode;
import javax.jms.ExceptionListener;
import javax.jms.JMSContext;
import javax.jms.JMSRuntimeException;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;
import javax.jms.TransactionRolledBackException;

/**
 * The modes of the send-buffer scenarios (agent-it {@code TransactionIT}, {@code SendBufferIT},
 * {@code ClientAcknowledgeIT}); the other modes are in {@link LegacyApp}. No reconnect code: an exception the
 * application does not expect ends it.
 *
 * <ul>
 * <li>{@code tx --tx=send}: a transacted session sends {@code --count} persistent messages in transactions of
 * {@code --batch}, committing each; in transaction {@code --pause-at} it stops after half the batch
 * ({@code TX-PAUSE tx=n}) until the line {@code go} arrives on standard input. A listener on another connection
 * receives them.</li>
 * <li>{@code tx --tx=forward}: {@code --count} persistent messages are put on {@code <destination>.in}; a transacted
 * session receives each, sends a copy to {@code <destination>.out} and commits. After receiving and sending message
 * {@code --pause-at} it waits for {@code go} before the commit. A commit that throws
 * {@code TransactionRolledBackException} is reported ({@code COMMIT-ROLLED-BACK}) and the loop goes on: the input comes
 * again. A listener on another connection receives the copies.</li>
 * <li>{@code async}: one producer sends {@code --count} messages with {@code --delivery}, one every
 * {@code --interval-ms}; with {@code --send=mixed} every even one with a {@code CompletionListener} (a provider that
 * does not support it says so once, {@code COMPLETION-UNSUPPORTED}, and the rest are plain sends). A message counts
 * as sent when its send returned (plain) or its listener's {@code onCompletion} came. A send that throws is reported
 * and the run goes on. The consumer, a listener, connects to {@code --consumer-url} (default {@code --url}).</li>
 * <li>{@code clientack}: {@code --count} persistent messages are sent, then received in a {@code CLIENT_ACKNOWLEDGE}
 * session with {@code receive}, acknowledging every {@code --ack-every}; after receiving message {@code --pause-at}
 * it waits for {@code go}, then acknowledges that message ({@code ACK-AFTER-PAUSE ok}).</li>
 * </ul>
 *
 * <pre>
 * TX-PAUSE tx=n | seq=n         waiting for go
 * COMMITTED tx=n                (tx send)
 * INPUT seq=n                   (tx forward) received from the input queue
 * COMMIT-ROLLED-BACK seq=n CLASS   (tx forward) the commit threw TransactionRolledBackException
 * COMPLETION-EXCEPTION seq=n CLASS (async) a CompletionListener got onException
 * COMPLETION-UNSUPPORTED CLASS  (async) the provider refused a send with a CompletionListener
 * ACK-PAUSE seq=n / ACK-AFTER-PAUSE ok seq=n   (clientack)
 * AGENT-BEAN Id=.. Target=.. ..  one per connection the agent manages, see {@link AgentBeans}
 * DONE sent=.. received=.. duplicates=.. missing=.. reordered=.. send-failures=.. completion-errors=..
 * </pre>
 */
final class BufferModes {

    private final Options options;
    private final ConnectionFactory factory;
    private final List<AutoCloseable> toClose;
    private final Tracker tracker;
    private final ExceptionListener listener;
    private final AtomicInteger sendFailures = new AtomicInteger();
    private final AtomicInteger completionErrors = new AtomicInteger();

    BufferModes(Options options, ConnectionFactory factory, List<AutoCloseable> toClose, Tracker tracker,
                ExceptionListener listener) {
        this.options = options;
        this.factory = factory;
        this.toClose = toClose;
        this.tracker = tracker;
        if (options.group != null) {
            tracker.expectGroup(options.group);
        }
        this.listener = listener;
    }

    /** A listener consumer of {@code queue} on its own connection, feeding the tracker. */
    private void listen(ConnectionFactory cf, String queue) throws JMSException {
        Connection c = cf.createConnection();
        toClose.add(c);
        c.setExceptionListener(listener);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.createConsumer(s.createQueue(queue)).setMessageListener(tracker::onMessage);
        c.start();
    }

    private TextMessage message(Session session, int seq) throws JMSException {
        TextMessage m = session.createTextMessage(options.padding == 0 ? "m-" + seq : "m-" + seq + padding());
        m.setIntProperty("seq", seq);
        if (options.group != null) {
            m.setStringProperty("JMSXGroupID", options.group);
            m.setIntProperty("JMSXGroupSeq", seq);
        }
        return m;
    }

    private String padding;

    private String padding() {
        if (padding == null) {
            padding = "x".repeat(options.padding);
        }
        return padding;
    }

    // ---------------------------------------------------------------- tx

    int tx() throws Exception {
        return options.tx.equals("send") ? txSend() : txForward();
    }

    private int txSend() throws Exception {
        listen(factory, options.destination);
        Connection c = factory.createConnection();
        toClose.add(c);
        c.setExceptionListener(listener);
        Session session = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer producer = session.createProducer(session.createQueue(options.destination));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        c.start();
        LegacyApp.out("READY");
        int seq = 0;
        for (int tx = 1; seq < options.count; tx++) {
            List<Integer> inTx = new ArrayList<>();
            for (int i = 0; i < options.batch && seq < options.count; i++) {
                producer.send(message(session, ++seq));
                inTx.add(seq);
                if (tx == options.pauseAt && i + 1 == options.batch / 2) {
                    LegacyApp.out("TX-PAUSE tx=" + tx);
                    LegacyApp.awaitCommand("go", options.maxRuntimeSeconds);
                }
            }
            session.commit();
            for (int s : inTx) {
                tracker.sent(s);
            }
            LegacyApp.out("COMMITTED tx=" + tx);
            pause();
        }
        tracker.awaitAll(options.drainMillis);
        return done();
    }

    private int txForward() throws Exception {
        String in = options.destination + ".in";
        listen(factory, options.destination + ".out");
        Connection feed = factory.createConnection();
        toClose.add(feed);
        Session feedSession = feed.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer feeder = feedSession.createProducer(feedSession.createQueue(in));
        feeder.setDeliveryMode(DeliveryMode.PERSISTENT);
        for (int seq = 1; seq <= options.count; seq++) {
            feeder.send(message(feedSession, seq));
        }

        Connection c = factory.createConnection();
        toClose.add(c);
        c.setExceptionListener(listener);
        Session session = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = session.createConsumer(session.createQueue(in));
        MessageProducer producer = session.createProducer(session.createQueue(options.destination + ".out"));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        c.start();
        LegacyApp.out("READY");
        boolean paused = false;
        long idleSince = System.nanoTime();
        while (tracker.sentCount() < options.count
                && TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleSince) < options.drainMillis) {
            Message m = consumer.receive(500);
            if (m == null) {
                continue;
            }
            idleSince = System.nanoTime();
            int seq = m.getIntProperty("seq");
            LegacyApp.out("INPUT seq=" + seq);
            producer.send(message(session, seq));
            if (seq == options.pauseAt && !paused) {
                paused = true;
                LegacyApp.out("TX-PAUSE seq=" + seq);
                LegacyApp.awaitCommand("go", options.maxRuntimeSeconds);
            }
            try {
                session.commit();
            } catch (TransactionRolledBackException e) {
                LegacyApp.out("COMMIT-ROLLED-BACK seq=" + seq + " " + e.getClass().getName() + " " + LegacyApp.oneLine(e));
                continue; // nothing was forwarded; the input comes again
            }
            tracker.sent(seq);
            pause();
        }
        tracker.awaitAll(options.drainMillis);
        return done();
    }

    // ---------------------------------------------------------------- async

    int async() throws Exception {
        ConnectionFactory consumerFactory = options.consumerUrl == null ? factory
                : LegacyApp.newFactory(options.factory, options.consumerUrl);
        listen(consumerFactory, options.destination);
        int deliveryMode = options.delivery.equals("persistent") ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT;
        if (options.api.equals("context")) {
            return asyncContext(deliveryMode);
        }
        Connection c = factory.createConnection();
        toClose.add(c);
        c.setExceptionListener(listener);
        Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(options.destination));
        producer.setDeliveryMode(deliveryMode);
        c.start();
        LegacyApp.out("READY");
        boolean completion = options.send.equals("mixed");
        AtomicInteger outstanding = new AtomicInteger();
        for (int seq = 1; seq <= options.count; seq++) {
            TextMessage m = message(session, seq);
            try {
                if (completion && seq % 2 == 0) {
                    outstanding.incrementAndGet();
                    try {
                        producer.send(m, completionListener(seq, outstanding));
                    } catch (UnsupportedOperationException e) {
                        outstanding.decrementAndGet();
                        LegacyApp.out("COMPLETION-UNSUPPORTED " + e.getClass().getName() + " " + LegacyApp.oneLine(e));
                        completion = false;
                        producer.send(m);
                        tracker.sent(seq);
                    }
                } else {
                    producer.send(m);
                    tracker.sent(seq);
                }
            } catch (JMSException e) {
                sendFailures.incrementAndGet();
                LegacyApp.out("SEND-FAILED seq=" + seq + " ms=0 " + e.getClass().getName() + " jms=yes");
                continue; // the application knows this one failed; it goes on with the next
            }
            if (options.intervalMillis > 0 || seq % 1000 == 0) {
                LegacyApp.out("SENT " + seq); // without a pause, every thousandth: the output would slow the load
            }
            pause();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.drainMillis);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (outstanding.get() > 0) {
            LegacyApp.out("COMPLETIONS-OUTSTANDING " + outstanding.get());
        }
        tracker.awaitAll(options.drainMillis);
        return done();
    }

    /** The async mode with the JMS 2.0 simplified API: a JMSContext, a JMSProducer per send, plain sends only. */
    private int asyncContext(int deliveryMode) throws Exception {
        JMSContext context = factory.createContext();
        toClose.add(context);
        context.setExceptionListener(listener);
        Queue queue = context.createQueue(options.destination);
        LegacyApp.out("READY");
        for (int seq = 1; seq <= options.count; seq++) {
            TextMessage m = context.createTextMessage("m-" + seq);
            m.setIntProperty("seq", seq);
            try {
                context.createProducer().setDeliveryMode(deliveryMode).send(queue, m);
            } catch (JMSRuntimeException e) {
                sendFailures.incrementAndGet();
                LegacyApp.out("SEND-FAILED seq=" + seq + " ms=0 " + e.getClass().getName() + " jms=yes");
                continue;
            }
            tracker.sent(seq);
            if (options.intervalMillis > 0 || seq % 1000 == 0) {
                LegacyApp.out("SENT " + seq);
            }
            pause();
        }
        tracker.awaitAll(options.drainMillis);
        return done();
    }

    private CompletionListener completionListener(int seq, AtomicInteger outstanding) {
        return new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                tracker.sent(seq);
                outstanding.decrementAndGet();
            }

            @Override
            public void onException(Message message, Exception exception) {
                completionErrors.incrementAndGet();
                LegacyApp.out("COMPLETION-EXCEPTION seq=" + seq + " " + exception.getClass().getName() + " "
                        + LegacyApp.oneLine(exception));
                outstanding.decrementAndGet();
            }
        };
    }

    // ---------------------------------------------------------------- clientack

    int clientAcknowledge() throws Exception {
        Connection producerConnection = factory.createConnection();
        toClose.add(producerConnection);
        Session ps = producerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = ps.createProducer(ps.createQueue(options.destination));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        for (int seq = 1; seq <= options.count; seq++) {
            producer.send(message(ps, seq));
            tracker.sent(seq);
        }

        Connection c = factory.createConnection();
        toClose.add(c);
        c.setExceptionListener(listener);
        Session session = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue queue = session.createQueue(options.destination);
        MessageConsumer consumer = session.createConsumer(queue);
        c.start();
        LegacyApp.out("READY");
        boolean paused = false;
        int received = 0;
        Message last = null;
        long idleSince = System.nanoTime();
        while (!tracker.missing().isEmpty()
                && TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleSince) < options.drainMillis) {
            Message m = consumer.receive(500);
            if (m == null) {
                continue;
            }
            idleSince = System.nanoTime();
            tracker.onMessage(m);
            last = m;
            int seq = m.getIntProperty("seq");
            if (seq == options.pauseAt && !paused) {
                paused = true;
                LegacyApp.out("ACK-PAUSE seq=" + seq);
                LegacyApp.awaitCommand("go", options.maxRuntimeSeconds);
                m.acknowledge(); // the session that delivered it may be gone: must not throw
                LegacyApp.out("ACK-AFTER-PAUSE ok seq=" + seq);
                continue;
            }
            if (++received % options.ackEvery == 0) {
                m.acknowledge();
            }
        }
        if (last != null) {
            last.acknowledge();
        }
        return done();
    }

    // ---------------------------------------------------------------- common

    private void pause() throws InterruptedException {
        if (options.intervalMillis > 0) {
            Thread.sleep(options.intervalMillis);
        }
    }

    private int done() {
        AgentBeans.print(); // before the connections close
        int missing = tracker.missing().size();
        LegacyApp.out("DONE sent=" + tracker.sentCount() + " received=" + tracker.receivedCount()
                + " duplicates=" + tracker.duplicates() + " missing=" + missing + " reordered=" + tracker.reordered()
                + " send-failures=" + sendFailures.get() + " completion-errors=" + completionErrors.get());
        if (missing > 0) {
            LegacyApp.printThreads("THREADS at the end of a run with messages missing");
        }
        return missing == 0 ? LegacyApp.OK : LegacyApp.INCOMPLETE;
    }
}
