package io.reattach.it.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.DeliveryMode;
import javax.jms.Destination;
import javax.jms.ExceptionListener;
import javax.jms.JMSConsumer;
import javax.jms.JMSContext;
import javax.jms.JMSException;
import javax.jms.JMSProducer;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;
import javax.jms.Topic;

/**
 * A "legacy" JMS application with no reconnect code at all: the application under test of the agent's integration
 * tests. It is written against {@code javax.jms}; the build relocates it to {@code jakarta.jms} for the Jakarta clients,
 * so the logic exists once.
 *
 * <p>It creates its {@link ConnectionFactory} by reflection from a class name and a URL ({@link #newFactory}), so it uses
 * no provider reconnect feature: no {@code failover:} URL, no Artemis
 * {@code reconnectAttempts}. When a JMS call throws, it does what a legacy application does: it gives up.
 *
 * <p>Usage: {@code LegacyApp --mode=MODE --factory=CLASS --url=URL [options]}. Modes:
 * <ul>
 * <li>{@code queue}: a producer and a consumer on separate connections; sends {@code --count} persistent messages to a
 * queue, one every {@code --interval-ms}, and consumes them with a {@code MessageListener}
 * ({@code --consume=receive}: a thread calling {@code receive(500)}); then waits until every message sent was received
 * or none arrived for {@code --drain-ms}.</li>
 * <li>{@code durable}: the same over a topic, consumed by a durable subscriber ({@code --client-id}, subscription
 * {@code sub}) created before the first send.</li>
 * <li>{@code context}: {@code queue} with the JMS 2.0 simplified API: two {@code JMSContext}s, a {@code JMSProducer}
 * and a {@code JMSConsumer} with a listener.</li>
 * <li>{@code events}: one connection with an {@code ExceptionListener}, sending {@code --count} persistent messages;
 * a send that throws is timed ({@code SEND-FAILED}).</li>
 * <li>{@code errors}: application errors on a healthy connection (bad selector, bad destination, message format, a
 * reserved queue name, a wrong password), each reported; the connection must then still send and receive.</li>
 * <li>{@code close}: a connection with a consumer and a producer; after the line {@code close} on standard input it
 * closes the connection, timing {@code close()}, and lists the live threads whose name starts with
 * {@code reattach}.</li>
 * <li>{@code throughput}, {@code recovery}: the benchmarks' modes, see {@link BenchModes}.</li>
 * <li>{@code tx}, {@code async}, {@code clientack}: the send-buffer scenarios' modes, see {@link BufferModes}.</li>
 * <li>{@code reply}: request/reply over a temporary reply queue, see {@link RequestReply}.</li>
 * <li>{@code storm}: many connections of one JVM that lose their broker at once, see {@link StormMode}.</li>
 * <li>{@code doubt}, {@code chaos}: the network-fault scenarios' modes, see {@link FaultModes}.</li>
 * </ul>
 *
 * <p>Output, one line each on standard output (diagnostics go to standard error):
 * <pre>
 * START mode=.. factory=.. url=.. java=.. agent=yes|no
 * READY                                    connections, sessions and consumers are set up
 * SENT n                                   send of message n returned
 * SEND-FAILED seq=n ms=t CLASS jms=yes|no  the send of message n threw after t ms (a JMS exception or not)
 * RECEIVED n                               message n arrived (DUPLICATE n follows if it had arrived before)
 * EVENT CODE LINKED-CLASS conn=NAME MSG    the ExceptionListener of connection NAME got a JMSException
 * APP-ERROR NAME CLASS|none ms=t          (errors) the call that provokes error NAME threw CLASS after t ms
 * APP-ERROR-CLOSE NAME CLASS               (errors) closing that call's session threw
 * CLOSE-MS t                               (close) close() returned (or threw) after t ms
 * REATTACH-THREADS-BEFORE|AFTER n [names]  (close) live threads named reattach*, but reattach-status
 * APP-EXCEPTION CLASS MESSAGE              an exception escaped the application: it gives up
 * DONE sent=.. received=.. duplicates=.. missing=.. [missing-list=..]
 * EXIT code
 * </pre>
 * Exit codes: {@value #OK} all well; {@value #APP_EXCEPTION} an exception escaped (APP-EXCEPTION); {@value #INCOMPLETE}
 * messages sent were not received; {@value #TIMEOUT} {@code --max-runtime-s} passed; {@value #UNEXPECTED} the
 * application error the mode provokes did not happen; {@value #USAGE} bad arguments; {@value #STDIN_CLOSED} standard
 * input closed with {@code --exit-on-stdin-eof} (the test runner is gone).
 */
public final class LegacyApp {

    public static final int OK = 0;
    public static final int APP_EXCEPTION = 1;
    public static final int INCOMPLETE = 2;
    public static final int TIMEOUT = 3;
    public static final int UNEXPECTED = 4;
    public static final int USAGE = 64;
    public static final int STDIN_CLOSED = 99;

    /** The selector that {@code errors} mode uses: not valid JMS selector syntax. */
    public static final String INVALID_SELECTOR = "this is not ( valid";

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final BlockingQueue<String> COMMANDS = new LinkedBlockingQueue<>();

    private final Options options;
    private final ConnectionFactory factory;
    private final Tracker tracker = new Tracker();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private LegacyApp(Options options, ConnectionFactory factory) {
        this.options = options;
        this.factory = factory;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(USAGE);
            return;
        }
        startWatchdog(options.maxRuntimeSeconds);
        startStdinReader(options.exitOnStdinEof);
        out("START mode=" + options.mode + " factory=" + options.factory + " url=" + options.url
                + " java=" + System.getProperty("java.version") + " agent=" + (agentPresent() ? "yes" : "no")
                + (options.user == null ? "" : " user=" + options.user));
        if (options.loadClasses > 0) {
            PauseMeter.loadClasses(options.loadClasses);
        }
        if (options.pauseMeter) {
            PauseMeter.start();
        }
        int code;
        LegacyApp app = null;
        try {
            ConnectionFactory cf = newFactory(options.factory, options.url);
            app = new LegacyApp(options, cf);
            if (options.waitBeforeConnect) {
                awaitCommand("connect", options); // the factory class is loaded: an attach now must retransform it
            }
            code = app.run();
        } catch (Throwable t) {
            code = appException(t);
        }
        if (app != null) {
            code = app.closeAll(code);
        }
        out("EXIT " + code);
        System.exit(code);
    }

    /**
     * The provider's factory for {@code url}: through its {@code (String url)} constructor, which the ActiveMQ family's
     * factories have, or its no-argument constructor and {@code setUri(String)} (RabbitMQ's {@code RMQConnectionFactory}).
     */
    static ConnectionFactory newFactory(String className, String url) throws Exception {
        Class<?> type = Class.forName(className);
        try {
            return (ConnectionFactory) type.getConstructor(String.class).newInstance(url);
        } catch (NoSuchMethodException e) {
            Object factory = type.getConstructor().newInstance();
            type.getMethod("setUri", String.class).invoke(factory, url);
            return (ConnectionFactory) factory;
        }
    }

    private int run() throws Exception {
        switch (options.mode) {
            case "queue":
            case "durable":
            case "context":
                return flow();
            case "events":
                return events();
            case "errors":
                return errors();
            case "close":
                return closeDuringOutage();
            case "throughput":
                return new BenchModes(options, factory, toClose).throughput();
            case "recovery":
                return new BenchModes(options, factory, toClose).recovery(listener("producer"));
            case "drain":
                return drain();
            case "tx":
                return new BufferModes(options, factory, toClose, tracker, listener("main")).tx();
            case "async":
                return new BufferModes(options, factory, toClose, tracker, listener("main")).async();
            case "clientack":
                return new BufferModes(options, factory, toClose, tracker, listener("main")).clientAcknowledge();
            case "reply":
                return new RequestReply(options, factory, toClose, this::listener).run();
            case "storm":
                return new StormMode(options, factory, toClose, tracker, this::listener).run();
            case "doubt":
                return new FaultModes(options, factory, toClose, tracker, listener("main")).doubt();
            case "chaos":
                return new FaultModes(options, factory, toClose, tracker, listener("main")).chaos();
            default:
                throw new IllegalArgumentException("unknown mode " + options.mode);
        }
    }

    // ---------------------------------------------------------------- drain

    /**
     * Receives whatever the queue holds (what an earlier run left on a broker) until nothing arrives for
     * {@code --drain-ms}: {@code RECEIVED n} for each message, then {@code DRAINED count}.
     */
    private int drain() throws Exception {
        Connection connection = factory.createConnection();
        toClose.add(connection);
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(options.destination));
        connection.start();
        out("READY");
        int n = 0;
        for (Message m; (m = consumer.receive(options.drainMillis)) != null; n++) {
            out("RECEIVED " + m.getIntProperty("seq"));
        }
        out("DRAINED " + n);
        return OK;
    }

    // ---------------------------------------------------------------- queue, durable, context

    private int flow() throws Exception {
        Sender sender;
        Receiver receiver;
        if (options.mode.equals("context")) {
            JMSContext consumerContext = createContext();
            toClose.add(consumerContext);
            consumerContext.setExceptionListener(listener("consumer"));
            JMSConsumer consumer = consumerContext.createConsumer(consumerContext.createQueue(options.destination));
            consumer.setMessageListener(tracker::onMessage);
            receiver = () -> { };
            JMSContext producerContext = createContext();
            toClose.add(producerContext);
            producerContext.setExceptionListener(listener("producer"));
            Queue queue = producerContext.createQueue(options.destination);
            JMSProducer producer = producerContext.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
            sender = seq -> {
                TextMessage m = producerContext.createTextMessage("m-" + seq);
                m.setIntProperty("seq", seq);
                producer.send(queue, m);
            };
            consumerContext.start();
        } else {
            boolean durable = options.mode.equals("durable");
            Connection consumerConnection = createConnection();
            toClose.add(consumerConnection);
            if (durable) {
                consumerConnection.setClientID(options.clientId);
            }
            consumerConnection.setExceptionListener(listener("consumer"));
            Session consumerSession = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer;
            if (durable) {
                Topic topic = consumerSession.createTopic(options.destination);
                consumer = consumerSession.createDurableSubscriber(topic, "sub");
            } else {
                consumer = consumerSession.createConsumer(consumerSession.createQueue(options.destination));
            }
            if (options.consume.equals("listener")) {
                consumer.setMessageListener(tracker::onMessage);
                receiver = () -> { };
            } else {
                ReceiveLoop loop = new ReceiveLoop(consumer);
                receiver = loop;
                loop.start();
            }
            consumerConnection.start();

            Connection producerConnection = createConnection();
            toClose.add(producerConnection);
            producerConnection.setExceptionListener(listener("producer"));
            Session producerSession = producerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Destination destination = durable ? producerSession.createTopic(options.destination)
                    : producerSession.createQueue(options.destination);
            MessageProducer producer = producerSession.createProducer(destination);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            sender = seq -> {
                TextMessage m = producerSession.createTextMessage("m-" + seq);
                m.setIntProperty("seq", seq);
                producer.send(m);
            };
        }
        out("READY");
        sendAll(sender);
        tracker.awaitAll(options.drainMillis);
        receiver.finish();
        return done();
    }

    private void sendAll(Sender sender) throws Exception {
        for (int seq = 1; seq <= options.count; seq++) {
            long t0 = System.nanoTime();
            try {
                sender.send(seq);
            } catch (Exception | Error e) {
                boolean jms = e instanceof JMSException || e instanceof javax.jms.JMSRuntimeException;
                out("SEND-FAILED seq=" + seq + " ms=" + millisSince(t0) + " " + e.getClass().getName()
                        + " jms=" + (jms ? "yes" : "no"));
                throw e;
            }
            tracker.sent(seq);
            out("SENT " + seq);
            if (options.intervalMillis > 0 && seq < options.count) {
                Thread.sleep(options.intervalMillis);
            }
        }
    }

    private int done() {
        int missing = tracker.missing().size();
        out("DONE sent=" + tracker.sentCount() + " received=" + tracker.receivedCount()
                + " duplicates=" + tracker.duplicates() + " missing=" + missing
                + (missing > 0 ? " missing-list=" + abbreviate(tracker.missing()) : ""));
        if (missing > 0) {
            printThreads("THREADS at the end of a run with messages missing");
        }
        return missing == 0 ? OK : INCOMPLETE;
    }

    /**
     * Every thread's stack on standard error: a run that times out or loses messages is rare and seldom reproduces,
     * and its log then shows where the client's and the agent's threads were waiting.
     */
    static void printThreads(String heading) {
        StringBuilder dump = new StringBuilder(heading).append('\n');
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
            for (StackTraceElement frame : stack) {
                dump.append("    at ").append(frame).append('\n');
            }
        });
        System.err.print(dump);
        System.err.flush();
    }

    /** A synchronous consumer: {@code receive(500)} in a loop until stopped; an exception ends the application. */
    private final class ReceiveLoop extends Thread implements Receiver {
        private final MessageConsumer consumer;
        private volatile boolean stopped;

        ReceiveLoop(MessageConsumer consumer) {
            super("app-receive-loop");
            setDaemon(true);
            this.consumer = consumer;
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    Message m = consumer.receive(500);
                    if (m != null) {
                        tracker.onMessage(m);
                    }
                }
            } catch (Throwable t) {
                if (!stopped) {
                    // A legacy application's receive thread dies on the exception, and the application with it.
                    int code = appException(t);
                    out("EXIT " + code);
                    System.exit(code);
                }
            }
        }

        @Override
        public void finish() throws InterruptedException {
            stopped = true;
            join(5000);
        }
    }

    // ---------------------------------------------------------------- events

    private int events() throws Exception {
        Connection connection = createConnection();
        toClose.add(connection);
        connection.setExceptionListener(listener("producer"));
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(options.destination));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        connection.start();
        out("READY");
        try {
            sendAll(seq -> {
                TextMessage m = session.createTextMessage("m-" + seq);
                m.setIntProperty("seq", seq);
                producer.send(m);
            });
        } catch (Exception e) {
            linger(); // events may reach the listener after the send gave up
            throw e;
        }
        linger();
        out("DONE sent=" + tracker.sentCount() + " received=0 duplicates=0 missing=0");
        return OK;
    }

    // ---------------------------------------------------------------- errors

    /** The queue name a RabbitMQ broker refuses to a client (403 ACCESS_REFUSED: the prefix {@code amq.} is reserved). */
    static final String RESERVED_QUEUE = "amq.reattach.reserved";

    /** Serializable by its type, not by its content: serialising it fails with NotSerializableException, an IOException. */
    static final class Unserializable implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        private final Object notSerializable = new Object();
    }

    /** One provider call that may throw the application's error. */
    private interface SessionCall {
        Object call(Session session) throws Exception;
    }

    /**
     * Provokes, on one healthy connection, the application errors a provider reports (bad selector, bad destination,
     * message format, security), each on a session of its own, since a broker may close the session of an error
     * (RabbitMQ closes the channel); reports each as {@code APP-ERROR name CLASS|none ms=t}. Then the same connection must
     * still send and receive.
     */
    private int errors() throws Exception {
        Connection connection = createConnection();
        toClose.add(connection);
        connection.setExceptionListener(listener("main"));
        connection.start();
        out("READY");
        provoke(connection, "selector", s -> s.createConsumer(s.createQueue(options.destination), INVALID_SELECTOR));
        provoke(connection, "topic-selector", s -> s.createConsumer(s.createTopic(options.destination + ".topic"), INVALID_SELECTOR));
        provoke(connection, "destination", s -> s.createConsumer(null));
        provoke(connection, "format", s -> {
            MessageProducer producer = s.createProducer(s.createQueue(options.destination));
            producer.send(s.createObjectMessage(new Unserializable()));
            return producer;
        });
        provoke(connection, "reserved-queue", s -> s.createConsumer(s.createQueue(RESERVED_QUEUE)));
        long t0 = System.nanoTime();
        String login;
        try {
            factory.createConnection("reattach-intruder", "not-the-password").close();
            login = "none";
        } catch (Exception e) {
            login = e.getClass().getName();
        }
        out("APP-ERROR login " + login + " ms=" + millisSince(t0));

        // The application errors changed nothing: the same connection still sends and receives.
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(options.destination);
        MessageConsumer consumer = session.createConsumer(queue);
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        TextMessage m = session.createTextMessage("m-1");
        m.setIntProperty("seq", 1);
        producer.send(m);
        tracker.sent(1);
        out("SENT 1");
        Message received = consumer.receive(10_000);
        if (received != null) {
            tracker.onMessage(received);
        }
        linger();
        return done();
    }

    private void provoke(Connection connection, String name, SessionCall call) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        long t0 = System.nanoTime();
        String outcome;
        try {
            call.call(session);
            outcome = "none";
        } catch (Exception e) { // unchecked ones too: RabbitMQ refuses a queue selector with UnsupportedOperationException
            outcome = e.getClass().getName();
        }
        out("APP-ERROR " + name + " " + outcome + " ms=" + millisSince(t0));
        try {
            session.close();
        } catch (Exception e) {
            out("APP-ERROR-CLOSE " + name + " " + e.getClass().getName());
        }
    }

    // ---------------------------------------------------------------- close

    private int closeDuringOutage() throws Exception {
        Connection connection = createConnection();
        connection.setExceptionListener(listener("main"));
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(options.destination);
        session.createConsumer(queue).setMessageListener(tracker::onMessage);
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        connection.start();
        for (int seq = 1; seq <= options.count; seq++) {
            TextMessage m = session.createTextMessage("m-" + seq);
            m.setIntProperty("seq", seq);
            producer.send(m);
            tracker.sent(seq);
            out("SENT " + seq);
        }
        tracker.awaitAll(options.drainMillis);
        out("READY");
        String command = COMMANDS.poll(options.maxRuntimeSeconds, TimeUnit.SECONDS);
        if (!"close".equals(command)) {
            throw new IllegalStateException("expected the command close on standard input, got " + command);
        }
        out("REATTACH-THREADS-BEFORE " + describe(reattachThreads()));
        long t0 = System.nanoTime();
        try {
            connection.close();
        } finally {
            out("CLOSE-MS " + millisSince(t0)); // also when close() throws, as a provider's may on a dead connection
        }
        // Threads the close() ended may need a moment to finish: allow one second.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        List<String> left = reattachThreads();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = reattachThreads();
        }
        out("REATTACH-THREADS-AFTER " + describe(left));
        return done();
    }

    /**
     * The agent's threads that serve connections. Not {@code reattach-status}: it belongs to the JVM, not to a
     * connection, and waits until 10 s after start-up to register the status beans, then ends by itself.
     */
    private static List<String> reattachThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().toLowerCase(Locale.ROOT).startsWith("reattach") && !t.getName().equals("reattach-status")) {
                names.add(t.getName());
            }
        }
        names.sort(null);
        return names;
    }

    private static String describe(List<String> names) {
        return names.size() + (names.isEmpty() ? "" : " " + String.join(",", names).replace(' ', '_'));
    }

    // ---------------------------------------------------------------- common

    /** {@code createConnection()}, or {@code createConnection(user, password)} with {@code --user}. */
    private Connection createConnection() throws JMSException {
        if (options.user == null) {
            return factory.createConnection();
        }
        return factory.createConnection(options.user, password());
    }

    private JMSContext createContext() {
        if (options.user == null) {
            return factory.createContext();
        }
        return factory.createContext(options.user, password());
    }

    private static String password() {
        String p = System.getenv(Options.PASSWORD_VARIABLE);
        return p == null ? "" : p;
    }

    /** Waits for one line on standard input; a test drives the application with it. */
    private static void awaitCommand(String expected, Options options) throws InterruptedException {
        out("WAITING-FOR-" + expected.toUpperCase(Locale.ROOT));
        String command = COMMANDS.poll(options.maxRuntimeSeconds, TimeUnit.SECONDS);
        if (!expected.equals(command)) {
            throw new IllegalStateException("expected the command " + expected + " on standard input, got " + command);
        }
    }

    private ExceptionListener listener(String name) {
        return e -> {
            Throwable linked = e.getLinkedException();
            out("EVENT " + e.getErrorCode() + " " + (linked == null ? "none" : linked.getClass().getName())
                    + " conn=" + name + " " + oneLine(e));
        };
    }

    private void linger() throws InterruptedException {
        if (options.lingerMillis > 0) {
            Thread.sleep(options.lingerMillis);
        }
    }

    /** Closes what the mode opened, newest first. A close that throws after success is an application exception. */
    private int closeAll(int code) {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Throwable t) {
                if (code == OK) {
                    code = appException(t);
                } else {
                    System.err.println("close after failure: " + t);
                }
            }
        }
        return code;
    }

    private static int appException(Throwable t) {
        out("APP-EXCEPTION " + t.getClass().getName() + " " + oneLine(t));
        t.printStackTrace();
        return APP_EXCEPTION;
    }

    /** Waits for a line on standard input (a test's command, e.g. {@code go}); fails on any other line or none. */
    static void awaitCommand(String expected, long timeoutSeconds) throws InterruptedException {
        String command = COMMANDS.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (!expected.equals(command)) {
            throw new IllegalStateException("expected the command " + expected + " on standard input, got " + command);
        }
    }

    static synchronized void out(String line) {
        OUT.println(line);
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        return m == null ? "" : m.replace('\r', ' ').replace('\n', ' ');
    }

    static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static String abbreviate(TreeSet<Integer> numbers) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (Integer i : numbers) {
            if (n++ == 50) {
                return b.append(",...").toString();
            }
            b.append(b.length() == 0 ? "" : ",").append(i);
        }
        return b.toString();
    }

    private static boolean agentPresent() {
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-javaagent:")) {
                return true;
            }
        }
        return false;
    }

    private static void startWatchdog(long seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            } catch (InterruptedException e) {
                return;
            }
            out("TIMEOUT after " + seconds + " s");
            printThreads("THREADS at the watchdog's timeout");
            out("EXIT " + TIMEOUT);
            Runtime.getRuntime().halt(TIMEOUT);
        }, "app-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private static void startStdinReader(boolean exitOnEof) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.trim().equals("gap")) {
                        PauseMeter.report(); // answered at once, whatever the application is waiting for
                    } else if (line.trim().equals("heap")) {
                        reportHeap();
                    } else {
                        COMMANDS.add(line.trim());
                    }
                }
            } catch (Exception ignored) {
                // Treated as the end of input.
            }
            if (exitOnEof) {
                out("EXIT " + STDIN_CLOSED + " (standard input closed)");
                Runtime.getRuntime().halt(STDIN_CLOSED);
            }
        }, "app-stdin");
        t.setDaemon(true);
        t.start();
    }

    /** The heap in use after a full collection: what the application (and an agent in it) holds. */
    private static void reportHeap() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        out("HEAP used=" + used);
    }

    @FunctionalInterface
    private interface Sender {
        void send(int seq) throws Exception;
    }

    @FunctionalInterface
    private interface Receiver {
        void finish() throws InterruptedException;
    }
}
