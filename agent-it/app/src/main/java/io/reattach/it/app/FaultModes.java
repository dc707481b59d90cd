package io.reattach.it.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.DeliveryMode;
import javax.jms.ExceptionListener;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;

/**
 * The modes of the network-fault scenarios (agent-it {@code OutcomeInDoubtIT}, {@code ChaosIT}). No reconnect code:
 * a legacy application.
 *
 * <ul>
 * <li>{@code doubt}: a listener consumer on one connection (to {@code --consumer-url} if given); on another, persistent sends, a transaction, and a session
 * and consumer created late. Before each step it prints {@code STEP name} and waits for {@code go} on standard input,
 * so that the test can arm a fault for exactly that step: {@code send} (persistent message 1), {@code commit} (a
 * transaction that sent 2 and 3), {@code create} ({@code createSession}, {@code createConsumer} of queue
 * {@code <destination>.created}, then message 4 sent there and received by that consumer: {@code CREATED-RECEIVED 4}),
 * {@code rebuild} (then messages 5 to {@code --count}, one every {@code --interval-ms}, and one more through the
 * created session: {@code CREATED-RECEIVED n}). An exception ends it.</li>
 * <li>{@code chaos}: continuous traffic on four streams until {@code stop} arrives on standard input: {@code p}
 * persistent, {@code n} non-persistent, {@code t} transacted (persistent, committed every 3 sends), {@code c}
 * persistent from a {@code CLIENT_ACKNOWLEDGE} session; one producer thread each on one connection, one sending every
 * {@code --interval-ms}. On another connection: listeners for {@code p} and {@code t}, a {@code receive} loop for
 * {@code n}, and a {@code CLIENT_ACKNOWLEDGE} {@code receive} loop for {@code c} that acknowledges every third message.
 * An exception is reported ({@code CHAOS-EXCEPTION}) and the stream goes on.</li>
 * </ul>
 *
 * <pre>
 * STEP name                           (doubt) waiting for go
 * COMMITTED 2,3 / CREATED-RECEIVED n|none
 * RECEIVED stream n / DUPLICATE stream n [redelivered]     (chaos)
 * PROGRESS p=n n=n t=n c=n            (chaos) sends so far, every second
 * CHAOS-EXCEPTION stream CLASS MESSAGE
 * STREAM name sent=.. received=.. duplicates=.. missing=.. [missing-list=..]
 * </pre>
 */
final class FaultModes {

    private static final String[] STREAMS = {"p", "n", "t", "c"};

    private final Options options;
    private final ConnectionFactory factory;
    private final List<AutoCloseable> toClose;
    private final Tracker tracker;
    private final ExceptionListener listener;
    private final AtomicInteger exceptions = new AtomicInteger();
    private volatile boolean stopping;
    /** Every producer has stopped: what was sent is known, and the receive loops may end once it all arrived. */
    private volatile boolean sendersDone;
    /** The drain is over (every tracker arrived or waited its idle time out): the receive loops end. */
    private volatile boolean drainOver;

    FaultModes(Options options, ConnectionFactory factory, List<AutoCloseable> toClose, Tracker tracker, ExceptionListener listener) {
        this.options = options;
        this.factory = factory;
        this.toClose = toClose;
        this.tracker = tracker;
        this.listener = listener;
    }

    private Connection connect() throws Exception {
        return connect(factory);
    }

    private Connection connect(ConnectionFactory cf) throws Exception {
        Connection c = cf.createConnection();
        toClose.add(c);
        c.setExceptionListener(listener);
        return c;
    }

    private static TextMessage message(Session session, int seq) throws Exception {
        TextMessage m = session.createTextMessage("m-" + seq);
        m.setIntProperty("seq", seq);
        return m;
    }

    private static MessageProducer producer(Session session, Queue queue, int deliveryMode) throws Exception {
        MessageProducer p = session.createProducer(queue);
        p.setDeliveryMode(deliveryMode);
        return p;
    }

    private void step(String name) throws InterruptedException {
        LegacyApp.out("STEP " + name);
        LegacyApp.awaitCommand("go", options.maxRuntimeSeconds);
    }

    // ---------------------------------------------------------------- doubt

    int doubt() throws Exception {
        ConnectionFactory consumerFactory = options.consumerUrl == null ? factory
                : (ConnectionFactory) Class.forName(options.factory).getConstructor(String.class).newInstance(options.consumerUrl);
        Connection consumerConnection = connect(consumerFactory);
        Session cs = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        cs.createConsumer(cs.createQueue(options.destination)).setMessageListener(tracker::onMessage);
        consumerConnection.start();

        Connection pc = connect();
        Session ps = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = ps.createQueue(options.destination);
        MessageProducer producer = producer(ps, queue, DeliveryMode.PERSISTENT);
        Session ts = pc.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer txProducer = producer(ts, ts.createQueue(options.destination), DeliveryMode.PERSISTENT);
        pc.start();
        LegacyApp.out("READY");

        step("send");
        producer.send(message(ps, 1));
        tracker.sent(1);
        LegacyApp.out("SENT 1");

        txProducer.send(message(ts, 2));
        txProducer.send(message(ts, 3));
        step("commit");
        ts.commit();
        tracker.sent(2);
        tracker.sent(3);
        LegacyApp.out("COMMITTED 2,3");

        step("create");
        Session created = pc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue createdQueue = created.createQueue(options.destination + ".created");
        MessageConsumer createdConsumer = created.createConsumer(createdQueue);
        MessageProducer createdProducer = producer(created, createdQueue, DeliveryMode.PERSISTENT);
        sendAndReceive(created, createdProducer, createdConsumer, 4);

        step("rebuild");
        for (int seq = 5; seq <= options.count; seq++) {
            producer.send(message(ps, seq));
            tracker.sent(seq);
            LegacyApp.out("SENT " + seq);
            Thread.sleep(options.intervalMillis);
        }
        sendAndReceive(created, createdProducer, createdConsumer, options.count + 1); // the created objects were restored
        tracker.awaitAll(options.drainMillis);
        AgentBeans.print();
        int missing = tracker.missing().size();
        LegacyApp.out("DONE sent=" + tracker.sentCount() + " received=" + tracker.receivedCount() + " duplicates="
                + tracker.duplicates() + " missing=" + missing);
        if (missing > 0) {
            LegacyApp.printThreads("THREADS at the end of a run with messages missing");
        }
        return missing == 0 ? LegacyApp.OK : LegacyApp.INCOMPLETE;
    }

    private void sendAndReceive(Session session, MessageProducer producer, MessageConsumer consumer, int seq) throws Exception {
        producer.send(message(session, seq));
        tracker.sent(seq);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (tracker.timesReceived(seq) == 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            Message m = left > 0 ? consumer.receive(left) : null;
            if (m == null) {
                LegacyApp.out("CREATED-RECEIVED none");
                return;
            }
            tracker.onMessage(m); // an earlier message may come again first (redelivered after a failure)
        }
        LegacyApp.out("CREATED-RECEIVED " + seq);
    }

    // ---------------------------------------------------------------- chaos

    int chaos() throws Exception {
        Map<String, Tracker> trackers = new LinkedHashMap<>();
        for (String s : STREAMS) {
            trackers.put(s, new Tracker(s));
        }
        List<Thread> threads = new ArrayList<>();

        Connection cc = connect();
        Session listeners = cc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        listeners.createConsumer(listeners.createQueue(queue("p"))).setMessageListener(trackers.get("p")::onMessage);
        listeners.createConsumer(listeners.createQueue(queue("t"))).setMessageListener(trackers.get("t")::onMessage);
        Session receiving = cc.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer n = receiving.createConsumer(receiving.createQueue(queue("n")));
        Session acking = cc.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = acking.createConsumer(acking.createQueue(queue("c")));
        cc.start();
        threads.add(receiveLoop("n", n, trackers.get("n"), false));
        threads.add(receiveLoop("c", c, trackers.get("c"), true));

        Connection pc = connect();
        Map<String, AtomicInteger> sent = new LinkedHashMap<>();
        for (String s : STREAMS) {
            sent.put(s, new AtomicInteger());
            boolean transacted = s.equals("t");
            int mode = transacted ? Session.SESSION_TRANSACTED : s.equals("c") ? Session.CLIENT_ACKNOWLEDGE : Session.AUTO_ACKNOWLEDGE;
            Session session = pc.createSession(transacted, mode);
            MessageProducer producer = producer(session, session.createQueue(queue(s)),
                    s.equals("n") ? DeliveryMode.NON_PERSISTENT : DeliveryMode.PERSISTENT);
            threads.add(0, sendLoop(s, session, producer, trackers.get(s), sent.get(s)));
        }
        pc.start();
        LegacyApp.out("READY");
        for (Thread t : threads) {
            t.start();
        }
        Thread progress = new Thread(() -> {
            while (!stopping) {
                StringBuilder b = new StringBuilder("PROGRESS");
                sent.forEach((s, count) -> b.append(' ').append(s).append('=').append(count.get()));
                LegacyApp.out(b.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "app-progress");
        progress.setDaemon(true);
        progress.start();

        LegacyApp.awaitCommand("stop", options.maxRuntimeSeconds);
        stopping = true;
        for (int i = 0; i < STREAMS.length; i++) {
            threads.get(i).join(TimeUnit.SECONDS.toMillis(60)); // the producers first: then every send is counted
        }
        sendersDone = true;
        for (Tracker t : trackers.values()) {
            t.awaitAll(options.drainMillis);
        }
        drainOver = true;
        AgentBeans.print();
        int persistentMissing = 0;
        for (Map.Entry<String, Tracker> e : trackers.entrySet()) {
            Tracker t = e.getValue();
            int missing = t.missing().size();
            persistentMissing += e.getKey().equals("n") ? 0 : missing;
            LegacyApp.out("STREAM " + e.getKey() + " sent=" + t.sentCount() + " received=" + t.receivedCount() + " duplicates="
                    + t.duplicates() + " missing=" + missing + (missing > 0 ? " missing-list=" + t.missing() : ""));
        }
        LegacyApp.out("EXCEPTIONS " + exceptions.get());
        return persistentMissing == 0 && exceptions.get() == 0 ? LegacyApp.OK : LegacyApp.INCOMPLETE;
    }

    private String queue(String stream) {
        return options.destination + "." + stream;
    }

    /** Sends until stopped; a transacted stream commits every third send, and its sends count once committed. */
    private Thread sendLoop(String stream, Session session, MessageProducer producer, Tracker tracker, AtomicInteger sent) {
        boolean transacted = stream.equals("t");
        return daemon("app-send-" + stream, () -> {
            List<Integer> batch = new ArrayList<>();
            int seq = 0;
            while (!stopping || !batch.isEmpty()) {
                try {
                    if (!stopping) {
                        producer.send(message(session, ++seq));
                        batch.add(seq);
                    }
                    if (!transacted || batch.size() == 3 || stopping) {
                        if (transacted) {
                            session.commit();
                        }
                        batch.forEach(tracker::sent);
                        sent.addAndGet(batch.size());
                        batch.clear();
                    }
                    Thread.sleep(options.intervalMillis);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    reportException(stream, e);
                    batch.clear(); // the application does not know what became of them: not counted as sent
                    rollbackQuietly(session, transacted);
                }
            }
        });
    }

    private Thread receiveLoop(String stream, MessageConsumer consumer, Tracker tracker, boolean acknowledge) {
        return daemon("app-receive-" + stream, () -> {
            int received = 0;
            // Not ended by the stream's own idle time: a stall can leave messages with the stale consumer of a connection
            // the broker has not yet closed, longer than the drain, and they come when it does, maybe during the drain.
            while (!drainOver && (!sendersDone || !tracker.missing().isEmpty())) {
                try {
                    Message m = consumer.receive(200);
                    if (m == null) {
                        continue;
                    }
                    tracker.onMessage(m);
                    if (acknowledge && ++received % 3 == 0) {
                        m.acknowledge();
                    }
                } catch (Exception e) {
                    reportException(stream, e);
                }
            }
        });
    }

    private void reportException(String stream, Exception e) {
        exceptions.incrementAndGet();
        LegacyApp.out("CHAOS-EXCEPTION " + stream + " " + e.getClass().getName() + " " + LegacyApp.oneLine(e));
        try {
            Thread.sleep(options.intervalMillis); // no busy loop on a connection that keeps failing
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rollbackQuietly(Session session, boolean transacted) {
        if (transacted) {
            try {
                session.rollback();
            } catch (Exception ignored) {
                // reported already
            }
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
