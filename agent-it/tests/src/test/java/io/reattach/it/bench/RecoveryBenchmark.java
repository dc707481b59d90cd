package io.reattach.it.bench;

import static io.reattach.it.bench.Bench.f0;
import static io.reattach.it.bench.Bench.median;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.reattach.broker.BrokerProcess;
import io.reattach.broker.EmbeddedBroker;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Recovery time per client: the legacy application's {@code recovery} mode sends a persistent message every 10 ms and
 * prints the wall-clock time of each successful send; the broker is killed with SIGKILL, kept down for 3 to 4 s (the
 * same for both runs of a round; varied from round to round so that the broker's start does not always fall at the
 * same point of a fixed 1000 ms retry cycle), and started again on the same journal. Recovery = the wall-clock time of
 * the first successful send after the kill minus the wall-clock time at which this runner saw the broker print
 * {@code BROKER READY} (it polls the broker's log every millisecond). Where the broker's start falls in the retry
 * cycle decides much of that figure; so each run also gives the mechanism's own work: the first successful send minus
 * the broker's first accepted connection after the restart ({@code BROKER CONNECTION}, logged by the test broker).
 *
 * <p>The broker is not what is measured: it logs nothing per message (its audit logger is at WARN,
 * {@code BrokerProcess}), and after each run a consumer empties the destination, so that no run starts, and no
 * broker restarts, with the messages of the runs before it.
 *
 * <p>Two mechanisms, both retrying every 1000 ms (or {@code bench.retryMillis}) without backoff or jitter: Reattach
 * ({@code -javaagent} with {@code ReconDelay=(1000)}, a plain URL), and the provider's own reconnect without the agent
 * (Artemis {@code reconnectAttempts=-1&retryInterval=1000&retryIntervalMultiplier=1.0}, ActiveMQ Classic's and Qpid's
 * {@code failover:} transport). The application runs with {@code --retry-failed-sends} in both: a send that throws
 * (Artemis' own reconnect fails the send in flight) is counted and sent again 10 ms later.
 *
 * <p>Settings: {@code bench.rounds} [5], {@code bench.seed} [1] (the down times), {@code reattach.it.clients} [all],
 * {@code bench.retryMillis} [1000] (a shorter cycle leaves less of the figure to where the broker's start falls in it),
 * {@code bench.agentArgs} [none] (appended to the agent arguments, e.g. {@code LogLevel=DEBUG}),
 * {@code bench.referenceAgent} [none]: the path of another build of the agent jar (say, the last commit's), run as a
 * third mechanism in the same rounds, so that a change is measured side by side with what it replaces;
 * {@code bench.appJvmArgs} [none]: JVM options for the application, separated by spaces (say, a class-loading log).
 */
@ExtendWith(TestbedExtension.class)
class RecoveryBenchmark {

    /** The retry interval of both mechanisms. */
    static final int RETRY_MILLIS = Bench.intProperty("bench.retryMillis", 1000);
    static final String AGENT_ARGS = "ReconDelay=(" + RETRY_MILLIS + ")";
    private static final Duration SETUP = Duration.ofSeconds(60);
    /** A run whose application has not sent within this time after the broker is back counts as not recovered. */
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);
    private static final Pattern SENT = Pattern.compile("SENT (\\d+) wall=(\\d+) ms=(\\d+)");
    private static final Pattern CONNECTION = Pattern.compile(Pattern.quote(EmbeddedBroker.CONNECTION_PREFIX) + "(\\d+)");

    enum Mechanism {
        REATTACH("Reattach"), REFERENCE("Reattach-ref"), NATIVE("provider");

        final String label;

        Mechanism(String label) {
            this.label = label;
        }
    }

    /** One kill and restart. */
    private static final class Sample {
        long recoveryMillis = Long.MIN_VALUE;
        /**
         * From the broker's first accepted connection after its restart to the first successful send: the mechanism's
         * own work once its attempt reached the broker, without where the broker's start fell in the retry cycle.
         * {@link Long#MIN_VALUE} if the broker logged no connection.
         */
        long ownMillis = Long.MIN_VALUE;
        int failedSends;
        /** How long the first successful send after the kill took (it may have blocked through the outage). */
        long firstSendMillis;
        String problem;
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.HOURS) // not the scenarios' 4 minutes (junit-platform.properties)
    void recoveryAfterBrokerRestart(Testbed testbed) {
        int rounds = Bench.intProperty("bench.rounds", 5);
        Random random = new Random(Bench.intProperty("bench.seed", 1));
        List<Client> clients = Bench.clients(Arrays.asList(Client.values()));
        String agentArgs = agentArgs();
        String reference = System.getProperty("bench.referenceAgent", "").trim();
        Path referenceJar = reference.isEmpty() ? null : Path.of(reference).toAbsolutePath();
        if (referenceJar != null && !Files.isRegularFile(referenceJar)) {
            throw new IllegalArgumentException("bench.referenceAgent: no such file: " + referenceJar);
        }
        Bench.Report report = new Bench.Report("recovery");
        report.line("# Recovery time after a broker kill -9 and restart");
        report.line(Bench.machine());
        report.line("rounds: " + rounds + "; clients: " + clients + "; Reattach: -javaagent:...=" + agentArgs
                + (referenceJar != null ? "; Reattach-ref: the same with " + referenceJar : "")
                + " with a plain URL; provider: " + nativeUrl(Client.ARTEMIS_JAVAX, "URL") + " | "
                + nativeUrl(Client.CLASSIC5, "URL") + " | " + nativeUrl(Client.QPID1, "URL"));

        Map<String, List<Sample>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            long downMillis = 3000 + random.nextInt(1000);
            boolean agentFirst = round % 2 == 1;
            for (Client client : clients) {
                List<Mechanism> order = new ArrayList<>(Arrays.asList(Mechanism.REATTACH, Mechanism.NATIVE));
                if (referenceJar != null) {
                    order.add(1, Mechanism.REFERENCE);
                }
                if (!agentFirst) {
                    java.util.Collections.reverse(order);
                }
                for (Mechanism mechanism : order) {
                    Sample s = run(testbed, client, mechanism, downMillis, agentArgs, referenceJar);
                    results.computeIfAbsent(client.module() + " " + mechanism.label, k -> new ArrayList<>()).add(s);
                    report.line(String.format("round %d down %4d ms %-15s %-12s %s", round, downMillis,
                            client.module(), mechanism.label, s.problem != null ? "FAILED: " + s.problem
                                    : "recovery " + s.recoveryMillis + " ms (" + (s.ownMillis == Long.MIN_VALUE ? "?"
                                    : String.valueOf(s.ownMillis)) + " ms after the broker accepted the connection), failed sends "
                                    + s.failedSends + ", that send took " + s.firstSendMillis + " ms"));
                }
            }
        }
        report.line("end: " + Bench.load());
        report.line("");
        report.line("## Summary: recovery = first successful send after the kill - broker READY seen (ms)");
        report.line(String.format("%-26s %7s %6s %6s %8s %8s   %s", "client mechanism", "median", "min", "max",
                "failed", "runs", "all (ms)"));
        for (Map.Entry<String, List<Sample>> e : results.entrySet()) {
            List<Double> ok = new ArrayList<>();
            int failedSends = 0;
            int failedRuns = 0;
            for (Sample s : e.getValue()) {
                if (s.problem == null) {
                    ok.add((double) s.recoveryMillis);
                    failedSends += s.failedSends;
                } else {
                    failedRuns++;
                }
            }
            report.line(String.format("%-26s %7s %6s %6s %8s %8s   %s", e.getKey(), f0(median(ok)), f0(Bench.min(ok)),
                    f0(Bench.max(ok)), failedSends + " snd", ok.size() + (failedRuns > 0 ? "+" + failedRuns + "!" : ""),
                    Bench.list(ok, Bench::f0)));
        }
        report.line("(failed: sends that threw and were retried by the application, all runs together; "
                + "runs: successful runs, +n! = runs that did not recover)");
        report.line("");
        report.line("## Own work: first successful send - the broker's first accepted connection after its restart (ms)");
        report.line("(without the wait for the attempt that reaches the broker, which depends on where its start fell in the"
                + " retry cycle)");
        report.line(String.format("%-26s %7s %6s %6s   %s", "client mechanism", "median", "min", "max", "all (ms)"));
        for (Map.Entry<String, List<Sample>> e : results.entrySet()) {
            List<Double> own = measured(e.getValue(), s -> s.ownMillis);
            report.line(String.format("%-26s %7s %6s %6s   %s", e.getKey(), f0(median(own)), f0(Bench.min(own)),
                    f0(Bench.max(own)), Bench.list(own, Bench::f0)));
        }
        report.line("");
        report.line("## Reattach minus the other mechanism: the difference of the medians and its 95% bootstrap interval (ms)");
        report.line("(negative: Reattach sent first; an interval that holds 0: these rounds cannot tell the two apart)");
        report.line(String.format("%-26s %-26s %s", "client against", "recovery", "own work"));
        for (Client client : clients) {
            for (Mechanism other : List.of(Mechanism.NATIVE, Mechanism.REFERENCE)) {
                List<Sample> theirs = results.get(client.module() + " " + other.label);
                if (theirs != null) {
                    List<Sample> ours = results.get(client.module() + " " + Mechanism.REATTACH.label);
                    report.line(String.format("%-26s %-26s %s", client.module() + " " + other.label,
                            difference(ours, theirs, s -> s.recoveryMillis), difference(ours, theirs, s -> s.ownMillis)));
                }
            }
        }
        report.line("report: " + report.file());
    }

    /** {@code median(ours) - median(theirs)} of one measure of the runs that recovered, with its 95% interval. */
    private static String difference(List<Sample> ours, List<Sample> theirs, ToLongFunction<Sample> measure) {
        List<Double> a = measured(ours, measure);
        List<Double> b = measured(theirs, measure);
        double[] interval = Bench.medianDifferenceInterval(a, b);
        return String.format(Locale.ROOT, "%+.0f [%+.0f .. %+.0f]", median(a) - median(b), interval[0], interval[1]);
    }

    /** One measure of the runs that recovered, without those that did not record it ({@link Long#MIN_VALUE}). */
    private static List<Double> measured(List<Sample> samples, ToLongFunction<Sample> measure) {
        List<Double> values = new ArrayList<>();
        for (Sample s : samples) {
            long v = measure.applyAsLong(s);
            if (s.problem == null && v != Long.MIN_VALUE) {
                values.add((double) v);
            }
        }
        return values;
    }

    /** The provider's own reconnect at a fixed {@link #RETRY_MILLIS}, for {@code base} = {@code scheme://host:port}. */
    static String nativeUrl(Client client, String base) {
        switch (client) {
            case ARTEMIS_JAVAX:
            case ARTEMIS_JAKARTA:
                return base + "?reconnectAttempts=-1&retryInterval=" + RETRY_MILLIS + "&retryIntervalMultiplier=1.0";
            case CLASSIC5:
            case CLASSIC6:
                return "failover:(" + base + ")?initialReconnectDelay=" + RETRY_MILLIS + "&useExponentialBackOff=false";
            default:
                return "failover:(" + base + ")?failover.initialReconnectDelay=" + RETRY_MILLIS + "&failover.reconnectDelay="
                        + RETRY_MILLIS
                        + "&failover.useReconnectBackOff=false";
        }
    }

    private static String agentArgs() {
        String extra = System.getProperty("bench.agentArgs", "").trim();
        return extra.isEmpty() ? AGENT_ARGS : AGENT_ARGS + "," + extra;
    }

    private static Sample run(Testbed testbed, Client client, Mechanism mechanism, long downMillis, String agentArgs,
                              Path referenceJar) {
        BrokerProcess broker = testbed.broker();
        AppProcess.Builder builder = testbed.app(client)
                .mode("recovery")
                .jvmArgs(Bench.JDK_DEFAULTS)
                .jvmArgs(Bench.appJvmArgs())
                .args("--count=1000000", "--interval-ms=10", "--retry-failed-sends", "--max-runtime-s=300",
                        "--destination=" + testbed.destination(client.module()));
        if (mechanism == Mechanism.REATTACH) {
            builder.withAgent(agentArgs);
        } else if (mechanism == Mechanism.REFERENCE) {
            builder.withAgent(agentArgs).agentJar(referenceJar);
        } else {
            builder.url(nativeUrl(client, client.url(broker)));
        }
        Sample sample = new Sample();
        AppProcess app = builder.start();
        try {
            app.awaitLine("READY", SETUP);
            app.awaitLine("SENT 50 .*", SETUP);
            int linesBeforeKill = app.lines().size();
            broker.kill();
            long killedWall = System.currentTimeMillis();
            sleepUntil(killedWall + downMillis);
            long readyWall = startAndWatch(broker);
            long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
            Long firstSendWall = null;
            while (firstSendWall == null) {
                List<AppProcess.Line> lines = app.lines();
                for (int i = linesBeforeKill; i < lines.size() && firstSendWall == null; i++) {
                    String text = lines.get(i).text();
                    Matcher m = SENT.matcher(text);
                    if (m.matches() && Long.parseLong(m.group(2)) > killedWall + 200) {
                        firstSendWall = Long.parseLong(m.group(2));
                        sample.firstSendMillis = Long.parseLong(m.group(3));
                    }
                }
                if (firstSendWall == null) {
                    if (!app.isAlive()) {
                        sample.problem = "the application exited: " + app.tail(3).replace(System.lineSeparator(), " | ");
                        return sample;
                    }
                    if (System.nanoTime() > deadline) {
                        sample.problem = "no send within " + RECOVERY_LIMIT.toSeconds() + " s after the broker was ready";
                        return sample;
                    }
                    Thread.sleep(5);
                }
            }
            sample.recoveryMillis = firstSendWall - readyWall;
            long acceptedWall = firstConnectionSinceStart(broker);
            if (acceptedWall > 0) {
                sample.ownMillis = firstSendWall - acceptedWall;
            }
            Thread.sleep(300); // a few more sends: the connection really works again
            List<AppProcess.Line> lines = app.lines();
            for (int i = linesBeforeKill; i < lines.size(); i++) {
                if (lines.get(i).text().startsWith("SEND-FAILED")) {
                    sample.failedSends++;
                }
            }
            if (!app.linesStartingWith("APP-EXCEPTION").isEmpty() || !app.isAlive()) {
                sample.problem = "the application gave up: " + app.linesStartingWith("APP-EXCEPTION");
            }
            return sample;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e); // the run is being stopped: no more samples
        } catch (AssertionError e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            sample.problem = String.valueOf(e.getMessage()).lines().findFirst().orElse("") + " (log " + app.logFile()
                    + ")";
            return sample;
        } finally {
            app.close();
            if (!broker.isRunning()) {
                broker.start();
            }
            drain(testbed, client);
        }
    }

    /** Consumes what the run left on its destination (untimed). */
    private static void drain(Testbed testbed, Client client) {
        AppProcess drain = testbed.app(client).mode("drain")
                .args("--destination=" + testbed.destination(client.module()), "--drain-ms=1000", "--max-runtime-s=120")
                .start();
        try {
            if (drain.awaitExit(Duration.ofSeconds(150)) != 0) {
                throw new AssertionError("could not empty the destination for the next run" + drain.tailForMessage());
            }
        } finally {
            drain.close();
        }
    }

    /**
     * Starts the broker and returns the wall-clock time at which its {@code BROKER READY} line appeared in its log, as
     * seen by a thread that polls the log every millisecond ({@link BrokerProcess#start()} itself polls every 25 ms).
     */
    private static long startAndWatch(BrokerProcess broker) throws InterruptedException {
        Path log = broker.logFile();
        long offset;
        try {
            offset = Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            offset = 0;
        }
        AtomicLong seen = new AtomicLong();
        String ready = EmbeddedBroker.READY_PREFIX + broker.port();
        final long from = offset;
        Thread watcher = new Thread(() -> {
            StringBuilder text = new StringBuilder();
            long position = from;
            while (seen.get() == 0 && !Thread.currentThread().isInterrupted()) {
                try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                    long length = f.length();
                    if (length > position) {
                        byte[] bytes = new byte[(int) (length - position)];
                        f.seek(position);
                        f.readFully(bytes);
                        position = length;
                        text.append(new String(bytes, StandardCharsets.ISO_8859_1));
                        if (text.indexOf(ready) >= 0) {
                            seen.set(System.currentTimeMillis());
                            return;
                        }
                    }
                } catch (IOException e) {
                    // not there yet
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-broker-ready-watch");
        watcher.setDaemon(true);
        watcher.start();
        broker.start();
        long returned = System.currentTimeMillis();
        watcher.join(1000);
        watcher.interrupt();
        return seen.get() != 0 ? seen.get() : returned;
    }

    /** The wall-clock time of the first connection the broker logged since its last start; 0 if none. */
    private static long firstConnectionSinceStart(BrokerProcess broker) {
        Matcher m = CONNECTION.matcher(broker.outputSinceStart());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static void sleepUntil(long wallMillis) throws InterruptedException {
        long left = wallMillis - System.currentTimeMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }
}
