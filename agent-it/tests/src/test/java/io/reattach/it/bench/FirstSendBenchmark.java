package io.reattach.it.bench;

import static io.reattach.it.bench.Bench.f0;
import static io.reattach.it.bench.Bench.median;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Jdk;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Start-up of a JMS application, with and without the agent: the legacy application's {@code events} mode with one
 * message (create the factory, one connection with an {@code ExceptionListener}, a session, a producer; start; one
 * persistent send; close; exit). Measured by this runner from just before the JVM is started to the arrival of each
 * line: {@code START} (in {@code main}: the JVM and the agent's premain are done), {@code READY} (connected and set up:
 * with the agent, the first ConnectionFactory class was woven and the connection is managed), {@code SENT 1} (the first
 * send returned), and the process's exit. Within a round, each client and JDK runs without the agent, with it and, if
 * asked, with a reference build of the agent, back to back in an order that alternates from round to round; one
 * discarded run of each first warms the broker up (and the page cache). After each round the queue is drained, so
 * that no backlog builds up in the broker.
 *
 * <p>Settings: {@code bench.rounds} [10], {@code reattach.it.clients} [artemis-javax], {@code bench.jdks} [17]
 * ({@code 17}, {@code 25} or {@code 17,25}), {@code bench.referenceAgent} [none]: the path of another build of the
 * agent jar (say, the last commit's), run in the same rounds so that a change is measured side by side with what it
 * replaces; {@code bench.appJvmArgs} [none]: more options for every application JVM, for a diagnosis (a class-load log,
 * a profiler), which then moves the timings it diagnoses.
 */
@ExtendWith(TestbedExtension.class)
class FirstSendBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String[] MARKS = {"START .*", "READY", "SENT 1", "exit"};
    private static final String NONE = "no agent";
    private static final String AGENT = "Reattach";
    private static final String REFERENCE = "reference";
    /** Issue 13: the median first send within this many ms of the same application's without the agent. */
    private static final double AIM_MILLIS = 100;

    @Test
    @Timeout(value = 6, unit = TimeUnit.HOURS) // not the scenarios' 4 minutes (junit-platform.properties)
    void timeToFirstSend(Testbed testbed) {
        int rounds = Bench.intProperty("bench.rounds", 10);
        List<Client> clients = Bench.clients(List.of(Client.ARTEMIS_JAVAX));
        List<Jdk> jdks = jdks();
        String reference = System.getProperty("bench.referenceAgent", "").trim();
        Path referenceJar = reference.isEmpty() ? null : Path.of(reference).toAbsolutePath();
        if (referenceJar != null && !Files.isRegularFile(referenceJar)) {
            throw new IllegalArgumentException("bench.referenceAgent: no such file: " + referenceJar);
        }
        List<String> modes = referenceJar == null ? List.of(NONE, AGENT) : List.of(NONE, AGENT, REFERENCE);
        Bench.Report report = new Bench.Report("first-send");
        report.line("# Time to the first successful send, with and without the agent");
        report.line(Bench.machine());
        report.line("rounds: " + rounds + "; clients: " + clients + "; JDKs: " + jdks.stream().map(FirstSendBenchmark::label).collect(java.util.stream.Collectors.toList()) + "; application JVM: harness options + "
                + String.join(" ", Bench.JDK_DEFAULTS) + (referenceJar != null ? "; reference: " + referenceJar : ""));
        testbed.broker(); // started before the first measurement
        for (Client client : clients) {
            for (Jdk jdk : jdks) {
                for (String mode : modes) {
                    double[] marks = run(testbed, client, jdk, mode, referenceJar);
                    report.line(String.format("warm-up  %-15s %-7s %-10s SENT-1 %5s ms (discarded)", client.module(), label(jdk), mode, f0(marks[2])));
                }
            }
            drain(testbed, client);
        }

        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            List<String> order = new ArrayList<>(modes);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (Client client : clients) {
                for (Jdk jdk : jdks) {
                    for (String mode : order) {
                        double[] marks = run(testbed, client, jdk, mode, referenceJar);
                        results.computeIfAbsent(key(client, jdk, mode), k -> new ArrayList<>()).add(marks);
                        report.line(String.format("round %2d %-15s %-7s %-10s START %5s  READY %5s  SENT-1 %5s  exit %5s ms",
                                round, client.module(), label(jdk), mode, f0(marks[0]), f0(marks[1]), f0(marks[2]), f0(marks[3])));
                    }
                }
                drain(testbed, client);
            }
        }
        report.line("end: " + Bench.load());
        report.line("");
        report.line("## Summary: medians, ms from the JVM's launch; SENT-1's cost and ratio against no agent; the fastest SENT-1");
        report.line(String.format("%-40s %7s %7s %7s %7s %8s %7s %9s", "client, JDK, agent", "START", "READY", "SENT-1", "exit", "cost",
                "ratio", "min SENT"));
        for (Client client : clients) {
            for (Jdk jdk : jdks) {
                double[] without = medians(results.get(key(client, jdk, NONE)));
                for (String mode : modes) {
                    List<double[]> runs = results.get(key(client, jdk, mode));
                    double[] m = medians(runs);
                    double fastest = runs.stream().mapToDouble(r -> r[2]).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
                    report.line(String.format(Locale.ROOT, "%-40s %7s %7s %7s %7s %+8.0f %7.2f %9s", key(client, jdk, mode), f0(m[0]),
                            f0(m[1]), f0(m[2]), f0(m[3]), m[2] - without[2], m[2] / without[2], f0(fastest)));
                }
            }
        }
        report.line("");
        report.line("## The aim, with 95% bootstrap intervals: the first send within " + AIM_MILLIS + " ms of no agent");
        report.line(String.format("%-40s %-24s %s", "client, JDK, agent", "cost at SENT-1 [95%]", "verdict"));
        for (Client client : clients) {
            for (Jdk jdk : jdks) {
                List<Double> without = sent(results.get(key(client, jdk, NONE)));
                for (String mode : modes) {
                    if (mode.equals(NONE)) {
                        continue;
                    }
                    List<Double> with = sent(results.get(key(client, jdk, mode)));
                    double[] interval = Bench.medianDifferenceInterval(with, without);
                    report.line(String.format(Locale.ROOT, "%-40s %-24s %s", key(client, jdk, mode),
                            String.format(Locale.ROOT, "%+.0f [%+.0f .. %+.0f]", median(with) - median(without),
                                    interval[0], interval[1]), Bench.verdictAtMost(interval, AIM_MILLIS)));
                }
            }
        }
        report.line("report: " + report.file());
    }

    /** ms from launch to the first send returned, of each run. */
    private static List<Double> sent(List<double[]> runs) {
        List<Double> sent = new ArrayList<>();
        for (double[] marks : runs) {
            sent.add(marks[2]);
        }
        return sent;
    }

    /** {@code bench.jdks}: 17 is the JDK that runs the tests, 25 is Temurin 25. */
    private static List<Jdk> jdks() {
        List<Jdk> jdks = new ArrayList<>();
        for (String v : System.getProperty("bench.jdks", "17").split(",")) {
            switch (v.trim()) {
                case "17":
                    jdks.add(Jdk.DEFAULT);
                    break;
                case "25":
                    jdks.add(Jdk.TEMURIN_25.installed());
                    break;
                default:
                    throw new IllegalArgumentException("bench.jdks: 17, 25 or both, not " + v);
            }
        }
        return jdks;
    }

    private static String key(Client client, Jdk jdk, String mode) {
        return client.module() + ", " + label(jdk) + ", " + mode;
    }

    private static String label(Jdk jdk) {
        return "JDK " + (jdk == Jdk.DEFAULT ? System.getProperty("java.specification.version") : "25");
    }

    private static double[] medians(List<double[]> runs) {
        double[] m = new double[MARKS.length];
        for (int i = 0; i < MARKS.length; i++) {
            List<Double> v = new ArrayList<>();
            for (double[] marks : runs) {
                v.add(marks[i]);
            }
            m[i] = median(v);
        }
        return m;
    }

    /** ms from launch to START, READY, SENT 1 and exit; NaN for what did not happen. */
    private static double[] run(Testbed testbed, Client client, Jdk jdk, String mode, Path referenceJar) {
        AppProcess.Builder builder = testbed.app(client)
                .mode("events")
                .jdk(jdk)
                .jvmArgs(Bench.JDK_DEFAULTS)
                .jvmArgs(Bench.appJvmArgs())
                .args("--count=1", "--interval-ms=0", "--destination=" + testbed.destination(client.module()));
        if (!mode.equals(NONE)) {
            builder.withAgent(null);
        }
        if (mode.equals(REFERENCE)) {
            builder.agentJar(referenceJar);
        }
        double[] marks = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        AppProcess app = builder.start();
        try {
            for (int i = 0; i < 3; i++) {
                AppProcess.Line line = app.awaitLineAt(MARKS[i], TIMEOUT);
                marks[i] = (line.nanos() - app.startNanos()) / 1e6;
            }
            int code = app.awaitExit(TIMEOUT);
            marks[3] = (System.nanoTime() - app.startNanos()) / 1e6;
            if (code != 0) {
                throw new AssertionError(app.name() + " exited with " + code + app.tailForMessage());
            }
        } finally {
            app.close();
        }
        return marks;
    }

    /** Receives what the runs sent, so that the broker holds no backlog from round to round. */
    private static void drain(Testbed testbed, Client client) {
        AppProcess drain = testbed.app(client).mode("drain")
                .args("--destination=" + testbed.destination(client.module()), "--drain-ms=300", "--max-runtime-s=60").start();
        try {
            int code = drain.awaitExit(TIMEOUT);
            if (code != 0) {
                throw new AssertionError("drain exited with " + code + drain.tailForMessage());
            }
        } finally {
            drain.close();
        }
    }
}
