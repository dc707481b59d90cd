package io.reattach.it.app;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.DeliveryMode;
import javax.jms.ExceptionListener;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;

/**
 * The two modes the benchmarks use ({@code agent-it/tests/src/test/java/io/reattach/it/bench}); the other modes are
 * in {@link LegacyApp}. Neither has reconnect code of its own, except that {@code recovery} with
 * {@code --retry-failed-sends} catches a send that throws and sends the same message again, as an application that
 * relies on a provider's own reconnect (Artemis {@code reconnectAttempts=-1}) must.
 *
 * <ul>
 * <li>{@code throughput}: one connection, one session, one producer on a queue with {@code --delivery}. Sends
 * {@code --warmup} messages, then {@code --count} timed ones (each a new {@code TextMessage} of {@code --body-bytes}
 * characters with an int property), then prints {@code THROUGHPUT}. A non-persistent run ends its timed part with one
 * persistent send, which the broker confirms only after every message before it on the connection: the time covers
 * the asynchronous sends' arrival, not only their hand-over to the client library; its warm-up makes such a send
 * after every 5,000 and as its last, which starts the timed part. The CPU time the JVM (all
 * threads) and the sending thread used during the timed part is printed too. Then, untimed, it consumes every
 * message it sent so that the next run finds the queue empty ({@code DRAINED}). With {@code --consume-while-sending} a
 * second session of the same connection consumes on a thread of its own from the start, so that the broker holds no
 * backlog however long the run (a long run measures the sends past the JIT's first seconds).</li>
 * <li>{@code recovery}: one connection sending persistent messages, one every {@code --interval-ms}, printing the
 * wall-clock time of each successful send, until {@code --count} were sent or standard input closes.</li>
 * </ul>
 *
 * <pre>
 * THROUGHPUT delivery=persistent|non-persistent count=n warmup=n nanos=t rate=msgs/s process-cpu-nanos=t thread-cpu-nanos=t
 * DRAINED n expected=n
 * SENT n wall=epochMillis ms=t                      (recovery) the send of message n returned after t ms
 * SEND-FAILED seq=n ms=t wall=epochMillis CLASS jms=yes|no   (recovery) it threw; retried with --retry-failed-sends
 * DONE sent=n failed-sends=n                         (recovery)
 * </pre>
 */
final class BenchModes {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Options options;
    private final ConnectionFactory factory;
    private final List<AutoCloseable> toClose;

    BenchModes(Options options, ConnectionFactory factory, List<AutoCloseable> toClose) {
        this.options = options;
        this.factory = factory;
        this.toClose = toClose;
    }

    // ---------------------------------------------------------------- throughput

    int throughput() throws Exception {
        Connection connection = factory.createConnection();
        toClose.add(connection);
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(options.destination);
        MessageProducer producer = session.createProducer(queue);
        boolean persistent = options.delivery.equals("persistent");
        producer.setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        connection.start();
        Drain concurrent = options.consumeWhileSending ? new Drain(connection, queue) : null;
        String body = body(options.bodyBytes);
        LegacyApp.out("READY");

        int sent = 0;
        for (int i = 1; i <= options.warmup; i++) {
            send(session, producer, body, ++sent);
            if (!persistent && (i % WARMUP_CONFIRMED_EVERY == 0 || i == options.warmup)) {
                confirmed(session, producer, body, ++sent); // the last one: the warm-up's sends reached the broker
            }
        }
        long cpu0 = processCpuNanos();
        long threadCpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < options.count; i++) {
            send(session, producer, body, ++sent);
        }
        if (!persistent) {
            confirmed(session, producer, body, ++sent);
        }
        long nanos = System.nanoTime() - t0;
        long threadCpu = THREADS.getCurrentThreadCpuTime() - threadCpu0;
        long cpu = processCpuNanos() - cpu0;
        LegacyApp.out("THROUGHPUT delivery=" + options.delivery + " count=" + options.count + " warmup="
                + options.warmup + " nanos=" + nanos + " rate="
                + String.format(java.util.Locale.ROOT, "%.1f", options.count * 1e9 / nanos)
                + " process-cpu-nanos=" + cpu + " thread-cpu-nanos=" + threadCpu);

        // Untimed (unless it ran all along): empty the queue for the next run.
        int drained = (concurrent != null ? concurrent : new Drain(connection, queue)).finish(sent);
        LegacyApp.out("DRAINED " + drained + " expected=" + sent);
        return drained == sent ? LegacyApp.OK : LegacyApp.INCOMPLETE;
    }

    /**
     * The queue emptied by a session of its own (DUPS_OK: acknowledgements in batches), receiving on a thread of its
     * own: after the timed part, or all along with {@code --consume-while-sending}.
     */
    private static final class Drain implements Runnable {
        private final Session session;
        private final MessageConsumer consumer;
        private final Thread thread = new Thread(this, "drain");
        private volatile int received;
        private volatile boolean stop;

        Drain(Connection connection, Queue queue) throws JMSException {
            session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            consumer = session.createConsumer(queue);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            try {
                while (!stop) {
                    if (consumer.receive(100) != null) {
                        received++; // this thread's alone
                    }
                }
            } catch (JMSException e) {
                LegacyApp.out("DRAIN-FAILED " + e);
            }
        }

        /** Waits until {@code expected} arrived, or nothing more did for 5 s; returns how many arrived. */
        int finish(int expected) throws InterruptedException, JMSException {
            int seen = -1;
            long lastProgress = System.nanoTime();
            while (received < expected && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(5)) {
                if (received != seen) {
                    seen = received;
                    lastProgress = System.nanoTime();
                }
                Thread.sleep(10);
            }
            stop = true;
            thread.join(TimeUnit.SECONDS.toMillis(5));
            session.close();
            return received;
        }
    }

    /**
     * A non-persistent warm-up makes a {@link #confirmed} send after every this many, so that the JIT has seen the
     * persistent send, and the window emptied by it, before the one that starts the timed part. Without them, that one
     * send was the first of its kind: it met branches the compiled send paths had never taken (uncommon traps), the
     * JIT threw that code away, and the timed part began in slower code until the JIT compiled it again (BENCHMARKS.md,
     * seventeenth session). Far apart enough that the agent's window fills in between, as it does in the timed part.
     */
    private static final int WARMUP_CONFIRMED_EVERY = 5000;

    private static void send(Session session, MessageProducer producer, String body, int seq) throws JMSException {
        TextMessage m = session.createTextMessage(body);
        m.setIntProperty("seq", seq);
        producer.send(m);
    }

    /** One persistent (synchronous) send on the same producer: every earlier message has reached the broker. */
    private static void confirmed(Session session, MessageProducer producer, String body, int seq) throws JMSException {
        TextMessage m = session.createTextMessage(body);
        m.setIntProperty("seq", seq);
        producer.send(m, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
    }

    /** CPU time of the whole JVM (every thread: the client library's I/O threads, GC, JIT), or -1. */
    private static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }

    private static String body(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) ('a' + i % 26));
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- recovery

    int recovery(ExceptionListener listener) throws Exception {
        Connection connection = factory.createConnection();
        toClose.add(connection);
        connection.setExceptionListener(listener);
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(options.destination));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        connection.start();
        String body = body(options.bodyBytes);
        LegacyApp.out("READY");
        int failedSends = 0;
        int seq = 1;
        while (seq <= options.count) {
            long t0 = System.nanoTime();
            try {
                send(session, producer, body, seq);
            } catch (Exception e) {
                boolean jms = e instanceof JMSException || e instanceof javax.jms.JMSRuntimeException;
                LegacyApp.out("SEND-FAILED seq=" + seq + " ms=" + LegacyApp.millisSince(t0) + " wall="
                        + System.currentTimeMillis() + " " + e.getClass().getName() + " jms=" + (jms ? "yes" : "no"));
                if (!options.retryFailedSends) {
                    throw e;
                }
                failedSends++;
                pause();
                continue;
            }
            LegacyApp.out("SENT " + seq + " wall=" + System.currentTimeMillis() + " ms=" + LegacyApp.millisSince(t0));
            seq++;
            if (seq <= options.count) {
                pause();
            }
        }
        LegacyApp.out("DONE sent=" + (seq - 1) + " failed-sends=" + failedSends);
        return LegacyApp.OK;
    }

    private void pause() throws InterruptedException {
        if (options.intervalMillis > 0) {
            TimeUnit.MILLISECONDS.sleep(options.intervalMillis);
        }
    }
}
