package io.reattach.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.reattach.broker.BrokerProcess;
import io.reattach.demo.app.LegacyOrderApp;
import io.reattach.demo.app.Line;

/**
 * One run of {@link LegacyOrderApp} in its own JVM, with or without the agent, while the broker is killed with
 * {@code kill -9} and restarted: prints the timeline as it happens and returns what happened.
 *
 * <p>One thread (the caller's) handles every event in the order it arrived and is the only one that touches the
 * result: lines of the application (read by a reader thread), its exit, and the kills and restarts of the broker
 * (done by a broker thread so that the timeline goes on while the broker starts).
 */
final class DemoRun {

    /** Application JVMs still running, for the shutdown hook. */
    static final Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private enum Kind { LINE, EXIT, BROKER_KILL, BROKER_UP, BROKER_FAILED }

    private record Event(long nanos, Kind kind, Line line, String text, long number) {
    }

    private final DemoOptions options;
    private final BrokerProcess broker;
    private Thread stderrReader;
    private final Terminal term;
    private final boolean withAgent;
    private final String queue;
    private final RunResult result;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean brokerBusy = new AtomicBoolean();
    /**
     * Whether the broker accepts connections, kept by the broker thread: BrokerProcess's methods are synchronized and
     * {@code start()} holds the lock for seconds, so the event thread never calls them.
     */
    private volatile boolean brokerUp;
    private final CountDownLatch appGone = new CountDownLatch(1);
    private final Set<String> reconnecting = new HashSet<>();
    private PrintWriter log;
    private long t0;
    private double lastRestartAt = Double.NaN;

    DemoRun(DemoOptions options, BrokerProcess broker, Terminal term, boolean withAgent, String queue, Path log) {
        this.options = options;
        this.broker = broker;
        this.term = term;
        this.withAgent = withAgent;
        this.queue = queue;
        this.result = new RunResult(withAgent, options.messages, log);
    }

    /** The application's command line. */
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        cmd.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        if (withAgent) {
            cmd.add("-javaagent:" + options.agentJar.toAbsolutePath() + "=" + options.agentSettings);
        }
        cmd.add("-cp");
        cmd.add(Demo.applicationClasspath());
        cmd.add(LegacyOrderApp.class.getName());
        cmd.add(broker.url("tcp"));
        cmd.add(queue);
        cmd.add(String.valueOf(options.messages));
        cmd.add(String.valueOf(options.rate));
        cmd.add(String.valueOf(options.idleTimeoutMillis));
        return cmd;
    }

    RunResult run() throws IOException, InterruptedException {
        Files.createDirectories(result.log.getParent());
        log = new PrintWriter(Files.newBufferedWriter(result.log, StandardCharsets.UTF_8), true);
        ExecutorService brokerThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "demo-broker");
            t.setDaemon(true);
            return t;
        });
        Process app = null;
        try {
            if (!broker.isRunning()) {
                broker.start();
            }
            brokerUp = true;
            long brokerLogStart = Files.exists(broker.logFile()) ? Files.size(broker.logFile()) : 0;
            List<String> command = command();
            logLine("command: " + String.join(" ", command));
            t0 = System.nanoTime();
            app = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            LIVE.add(app);
            timeline("app", "started (pid " + app.pid() + ")" + (withAgent ? ", with the agent" : ", without an agent"));
            startReaders(app);
            loop(app, brokerThread);
            checkQueue();
            if (stderrReader != null) {
                stderrReader.join(2000); // the agent's last lines (its counters at close)
            }
            result.brokerDroppedDuplicates = brokerDuplicates(brokerLogStart);
        } finally {
            if (app != null) {
                app.destroyForcibly();
                LIVE.remove(app);
            }
            brokerThread.shutdownNow();
            term.clearStatusLine();
            log.close();
        }
        return result;
    }

    private void loop(Process app, ExecutorService brokerThread) throws InterruptedException {
        long deadline = t0 + TimeUnit.SECONDS.toNanos(deadlineSeconds());
        boolean exited = false;
        while (!exited || brokerBusy.get() || !events.isEmpty()) {
            Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null) {
                handle(e);
                exited |= e.kind == Kind.EXIT;
            }
            if (!exited && !result.timedOut && System.nanoTime() > deadline) {
                result.timedOut = true;
                timeline("demo", term.red("the application did not finish within " + deadlineSeconds()
                        + " s: killing it"));
                app.destroyForcibly();
            }
            if (!exited) {
                maybeKill(brokerThread);
            }
            term.status(String.format("  t+%4.1fs  sent %d/%d  received %d  %s", now(), result.sentCount(),
                    options.messages, result.receivedCount(), brokerUp ? "" : "(broker down)"));
        }
    }

    /** Generous: the sending time, each outage with time to recover, the final wait, and a margin. */
    private long deadlineSeconds() {
        double sending = (double) options.messages / options.rate;
        return Math.round(sending * 1.5 + options.kills * (options.downMillis / 1000.0 + 20)
                + options.idleTimeoutMillis / 1000.0 + 30);
    }

    // ---- the broker ----

    private void maybeKill(ExecutorService brokerThread) {
        int done = result.kills.size();
        if (done >= options.kills || !result.ready || brokerBusy.get() || !brokerUp) {
            return;
        }
        int threshold = (int) Math.ceil((double) options.messages * (done + 1) / (options.kills + 1));
        if (result.sentCount() < threshold) {
            return;
        }
        if (done > 0) {
            double sinceRestart = now() - lastRestartAt;
            // Let the application settle after the last restart: every connection back, or 5 s have passed.
            if (sinceRestart < 1 || (!reconnecting.isEmpty() && sinceRestart < 5)) {
                return;
            }
        }
        brokerBusy.set(true);
        brokerThread.execute(this::killAndRestart);
    }

    /**
     * On the broker thread: kill -9, wait the down time (or until the application is gone), start again. Ends with a
     * BROKER_UP or BROKER_FAILED event, whose handling clears {@link #brokerBusy}.
     */
    private void killAndRestart() {
        try {
            post(Kind.BROKER_KILL, null, null, broker.pid());
            brokerUp = false;
            broker.kill();
            appGone.await(options.downMillis, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            broker.start();
            brokerUp = true;
            post(Kind.BROKER_UP, null, null, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            post(Kind.BROKER_FAILED, null, "interrupted", 0);
        } catch (RuntimeException e) {
            post(Kind.BROKER_FAILED, null, String.valueOf(e.getMessage()).lines().findFirst().orElse(""), 0);
        }
    }

    // ---- events ----

    private void handle(Event e) {
        double at = seconds(e.nanos);
        switch (e.kind) {
            case LINE:
                handleLine(at, e.line);
                break;
            case EXIT:
                result.exitCode = (int) e.number;
                result.exitAt = at;
                if (e.number == 0) {
                    timeline(at, "app", term.green("exited with code 0"));
                } else {
                    timeline(at, "app", term.red("exited with code " + e.number)
                            + (result.neverSent() > 0 ? ": " + result.neverSent() + " orders will never be sent" : ""));
                }
                break;
            case BROKER_KILL: {
                RunResult.Kill kill = new RunResult.Kill(at, result.sentCount(), result.receivedCount());
                result.kills.add(kill);
                timeline(at, "broker", term.red(term.bold("killed with kill -9")) + " (pid " + e.number + ")"
                        + term.dim("   so far: sent " + kill.sentBefore + ", received " + kill.receivedBefore));
                break;
            }
            case BROKER_UP: {
                RunResult.Kill kill = result.kills.get(result.kills.size() - 1);
                kill.restartedAt = at;
                kill.restartTook = e.number / 1000.0;
                lastRestartAt = at;
                brokerBusy.set(false);
                String late = result.exitCode != null ? " (too late for the application)" : "";
                timeline(at, "broker", term.green("restarted") + String.format(" on the same journal; down %.1f s",
                        at - kill.at) + late);
                break;
            }
            case BROKER_FAILED:
                brokerBusy.set(false);
                timeline(at, "broker", term.red("did not restart: " + Terminal.cut(e.text, 80)));
                break;
            default:
                throw new AssertionError(e.kind);
        }
    }

    private void handleLine(double at, Line line) {
        switch (line.keyword()) {
            case Line.READY:
                result.ready = true;
                result.readyAt = at;
                timeline(at, "app", "connected: consumer listening; producer sending " + options.messages
                        + " persistent orders, " + options.rate + " a second");
                break;
            case Line.SENT:
                result.sent.add(line.intField(0));
                break;
            case Line.SEND_FAILED: {
                int order = line.intField(0);
                result.sendFailures.put(order, line.field(1));
                timeline(at, "producer", term.red("send(order " + order + ") threw ")
                        + Terminal.cut(line.field(1), 60));
                break;
            }
            case Line.RECEIVED:
                result.receipts.computeIfAbsent(line.intField(0), k -> new ArrayList<>()).add(line.field(1));
                break;
            case Line.EXCEPTION_LISTENER: {
                RunResult.ListenerCall call = new RunResult.ListenerCall(at, line.field(0), line.field(1),
                        line.field(2), line.field(3));
                result.listenerCalls.add(call);
                listenerTimeline(call);
                break;
            }
            case Line.DONE:
                timeline(at, "app", "all orders sent; stopped waiting for the last ones with "
                        + result.receivedCount() + " received; closing");
                break;
            default:
                break;
        }
    }

    private void listenerTimeline(RunResult.ListenerCall call) {
        String who = call.connection();
        switch (call.errorCode()) {
            case "RECONNECTING":
                reconnecting.add(who);
                timeline(call.at(), who, "ExceptionListener got " + term.yellow("RECONNECTING"));
                break;
            case "RECONNECTED": {
                reconnecting.remove(who);
                String after = "";
                if (!result.kills.isEmpty()) {
                    after = term.dim(String.format("   back %.1f s after the kill",
                            call.at() - result.kills.get(result.kills.size() - 1).at));
                }
                timeline(call.at(), who, "ExceptionListener got " + term.green("RECONNECTED") + after);
                break;
            }
            case "RECONNECT_FAILED":
                reconnecting.remove(who);
                timeline(call.at(), who, "ExceptionListener got " + term.red("RECONNECT_FAILED"));
                break;
            default:
                timeline(call.at(), who, "ExceptionListener got " + term.red(Terminal.cut(call.text(), 64)));
        }
    }

    private void checkQueue() {
        if (!broker.isRunning()) {
            try {
                broker.start();
            } catch (RuntimeException e) {
                result.checkProblem = "the broker did not start: " + e.getMessage();
            }
        }
        if (result.checkProblem == null) {
            try {
                result.leftOver.putAll(QueueCheck.drain(broker.url("tcp"), queue));
            } catch (Exception e) {
                result.checkProblem = Line.summary(e);
            }
        }
        if (result.checkProblem != null) {
            timeline("demo", term.red("could not check the queue: " + Terminal.cut(result.checkProblem, 70)));
            return;
        }
        int left = result.leftOver.values().stream().mapToInt(List::size).sum();
        int again = result.receivedAndLeftOver();
        timeline("demo", "checked the queue after the run: " + (left == 0 ? "empty"
                : left + (left == 1 ? " order" : " orders") + " still there"
                + (again == 0 ? "" : ", " + (again == left ? (left == 1 ? "" : "all ") : again + " of them ")
                + "received already (acknowledgement lost)")));
        if (!result.completed() && result.sendFailures.isEmpty()) {
            // It died in some other way: show why, briefly.
            term.println(term.dim("  the end of its standard error (" + Demo.relative(result.log) + "):"));
            for (String l : tail(result.log, 8)) {
                term.println(term.dim("    " + Terminal.cut(l, 110)));
            }
        }
    }

    // ---- the application's output ----

    private void startReaders(Process app) {
        Thread out = new Thread(() -> {
            try (BufferedReader r = reader(app.getInputStream())) {
                for (String s; (s = r.readLine()) != null; ) {
                    logLine(s);
                    Line line = Line.parse(s);
                    if (line != null) {
                        post(Kind.LINE, line, null, 0);
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
            int code;
            try {
                code = app.waitFor();
            } catch (InterruptedException e) {
                code = -1;
            }
            appGone.countDown();
            post(Kind.EXIT, null, null, code);
        }, "demo-app-stdout");
        Thread err = new Thread(() -> {
            try (BufferedReader r = reader(app.getErrorStream())) {
                for (String s; (s = r.readLine()) != null; ) {
                    logLine("stderr| " + s);
                    result.addBufferSummary(s);
                    if (options.verbose) {
                        term.println(term.dim("           | " + s));
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "demo-app-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
        stderrReader = err;
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private void post(Kind kind, Line line, String text, long number) {
        events.add(new Event(System.nanoTime(), kind, line, text, number));
    }

    private void logLine(String s) {
        synchronized (log) {
            log.printf("t+%6.2fs %s%n", t0 == 0 ? 0.0 : now(), s);
        }
    }

    /**
     * The messages the broker refused as duplicates since {@code from} in its log: Artemis logs each one as AMQ222059
     * ("Duplicate message detected - message will not be routed"). -1 if the log cannot be read.
     */
    private int brokerDuplicates(long from) {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(broker.logFile().toFile(), "r")) {
            f.seek(Math.min(from, f.length()));
            byte[] bytes = new byte[(int) (f.length() - f.getFilePointer())];
            f.readFully(bytes);
            return (int) new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> l.contains("AMQ222059")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> err = new ArrayList<>();
            for (String l : all) {
                int i = l.indexOf("stderr| ");
                if (i >= 0) {
                    err.add(l.substring(i + "stderr| ".length()));
                }
            }
            return err.subList(Math.max(0, err.size() - lines), err.size());
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }

    // ---- the timeline ----

    private double now() {
        return seconds(System.nanoTime());
    }

    private double seconds(long nanos) {
        return (nanos - t0) / 1e9;
    }

    private void timeline(String who, String what) {
        timeline(now(), who, what);
    }

    private void timeline(double at, String who, String what) {
        String line = String.format("  t+%5.1fs  %-9s %s", at, who, what);
        logLine("timeline: " + line.trim().replaceAll("\u001b\\[[0-9;]*m", ""));
        term.println(line);
    }
}
