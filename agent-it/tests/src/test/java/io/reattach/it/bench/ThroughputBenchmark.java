package io.reattach.it.bench;

import static io.reattach.it.bench.Bench.f0;
import static io.reattach.it.bench.Bench.f1;
import static io.reattach.it.bench.Bench.f2;
import static io.reattach.it.bench.Bench.median;
import static io.reattach.it.bench.Bench.percent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Send throughput per client, with and without the agent: the legacy application's {@code throughput} mode (one
 * connection, one session, one producer on a queue of the embedded broker; the rate is measured inside the
 * application over the timed sends), persistent and non-persistent, in rounds. Within a round every client and
 * delivery mode runs once without and once with {@code -javaagent}, back to back, the order of the two alternating
 * from round to round, so that both see the same machine load.
 *
 * <p>Settings (system properties): {@code bench.rounds} [5]; {@code bench.persistent.count} [3000] and
 * {@code bench.persistent.warmup} [500]; {@code bench.nonpersistent.count} [30000] and
 * {@code bench.nonpersistent.warmup} [5000]; {@code bench.deliveries} [persistent,non-persistent];
 * {@code reattach.it.clients} [all six].
 */
@ExtendWith(TestbedExtension.class)
class ThroughputBenchmark {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    /** One application run's figures. */
    private static final class Sample {
        final double rate;
        final double processCpuMicrosPerMsg;
        final double threadCpuMicrosPerMsg;

        Sample(double rate, double processCpuMicrosPerMsg, double threadCpuMicrosPerMsg) {
            this.rate = rate;
            this.processCpuMicrosPerMsg = processCpuMicrosPerMsg;
            this.threadCpuMicrosPerMsg = threadCpuMicrosPerMsg;
        }
    }

    /** The samples of one client and delivery mode. */
    private static final class Series {
        final List<Sample> without = new ArrayList<>();
        final List<Sample> with = new ArrayList<>();
        /** with / without of the two runs of one round, when both worked. */
        final List<Double> pairRatios = new ArrayList<>();
        int failures;
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.HOURS) // not the scenarios' 4 minutes (junit-platform.properties)
    void sendThroughput(Testbed testbed) {
        int rounds = Bench.intProperty("bench.rounds", 5);
        List<String> deliveries = Arrays.asList(
                System.getProperty("bench.deliveries", "persistent,non-persistent").split("\\s*,\\s*"));
        List<Client> clients = Bench.clients(Arrays.asList(Client.values()));
        Bench.Report report = new Bench.Report("throughput");
        report.line("# Send throughput, with and without the agent");
        report.line(Bench.machine());
        report.line("rounds: " + rounds + "; persistent: " + count("persistent") + " timed sends after "
                + warmup("persistent") + " warm-up; non-persistent: " + count("non-persistent") + " after "
                + warmup("non-persistent") + "; clients: " + clients + "; application JVM: harness options + "
                + String.join(" ", Bench.JDK_DEFAULTS));

        // The broker's JIT warms up on each protocol before anything is measured: one discarded run per client.
        for (Client client : clients) {
            Sample s = run(testbed, client, "non-persistent", false, report);
            report.line(String.format("warm-up %-15s %s", client.module(), s == null ? "FAILED" : f0(s.rate) + " msgs/s (discarded)"));
        }

        Map<String, Series> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            boolean agentFirst = round % 2 == 0;
            for (Client client : clients) {
                for (String delivery : deliveries) {
                    Series series = results.computeIfAbsent(client.module() + " " + delivery, k -> new Series());
                    Sample[] pair = new Sample[2];
                    for (boolean agent : new boolean[]{agentFirst, !agentFirst}) {
                        Sample s = run(testbed, client, delivery, agent, report);
                        if (s == null) {
                            series.failures++;
                        } else {
                            (agent ? series.with : series.without).add(s);
                            pair[agent ? 1 : 0] = s;
                        }
                        report.line(String.format("round %d %-15s %-14s agent=%-3s %s", round, client.module(),
                                delivery, agent ? "yes" : "no", s == null ? "FAILED"
                                        : f0(s.rate) + " msgs/s, process CPU " + f1(s.processCpuMicrosPerMsg)
                                        + " us/msg, sending thread " + f1(s.threadCpuMicrosPerMsg) + " us/msg"));
                    }
                    if (pair[0] != null && pair[1] != null) {
                        series.pairRatios.add(pair[1].rate / pair[0].rate);
                    }
                }
            }
        }
        report.line("end: " + Bench.load());
        summarize(report, results);
    }

    private static Sample run(Testbed testbed, Client client, String delivery, boolean agent, Bench.Report report) {
        AppProcess.Builder builder = testbed.app(client)
                .mode("throughput")
                .jvmArgs(Bench.JDK_DEFAULTS)
                .args("--delivery=" + delivery, "--count=" + count(delivery), "--warmup=" + warmup(delivery),
                        "--destination=" + testbed.destination(client.module() + "." + delivery),
                        "--max-runtime-s=" + RUN_TIMEOUT.toSeconds());
        if (agent) {
            builder.withAgent(null);
        }
        AppProcess app = builder.start();
        try {
            Matcher m = app.awaitLine("THROUGHPUT .* nanos=(\\d+) rate=\\S+ process-cpu-nanos=(-?\\d+) "
                    + "thread-cpu-nanos=(-?\\d+)", RUN_TIMEOUT);
            int code = app.awaitExit(RUN_TIMEOUT);
            if (code != 0) {
                report.line("  " + app.name() + " exited with " + code + " (log " + app.logFile() + ")");
            }
            String expectAgent = "agent=" + (agent ? "yes" : "no");
            if (!app.firstLineStartingWith("START ").orElse("").endsWith(expectAgent)) {
                throw new AssertionError("expected " + expectAgent + app.tailForMessage());
            }
            int n = count(delivery);
            double nanos = Double.parseDouble(m.group(1));
            return new Sample(n * 1e9 / nanos, Double.parseDouble(m.group(2)) / 1000 / n,
                    Double.parseDouble(m.group(3)) / 1000 / n);
        } catch (AssertionError e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e; // the run is being stopped: no more samples
            }
            report.line("  " + app.name() + " failed: " + e.getMessage().lines().findFirst().orElse("")
                    + " (log " + app.logFile() + ")");
            return null;
        } finally {
            app.close();
        }
    }

    private static int count(String delivery) {
        return delivery.equals("persistent") ? Bench.intProperty("bench.persistent.count", 3000)
                : Bench.intProperty("bench.nonpersistent.count", 30000);
    }

    private static int warmup(String delivery) {
        return delivery.equals("persistent") ? Bench.intProperty("bench.persistent.warmup", 500)
                : Bench.intProperty("bench.nonpersistent.warmup", 5000);
    }

    private static void summarize(Bench.Report report, Map<String, Series> results) {
        report.line("");
        report.line("## Summary: medians; ratio = with / without (throughput: higher is better; CPU: lower is better)");
        report.line(String.format("%-30s %9s %9s %7s %8s   %-25s %-25s %s", "client delivery", "without", "with",
                "ratio", "pairs", "process CPU us/msg", "thread CPU us/msg", "runs"));
        for (Map.Entry<String, Series> e : results.entrySet()) {
            Series s = e.getValue();
            List<Double> rw = rates(s.with);
            List<Double> ro = rates(s.without);
            List<Double> pairRatios = s.pairRatios;
            double cpuWith = median(cpu(s.with, false));
            double cpuWithout = median(cpu(s.without, false));
            double threadWith = median(cpu(s.with, true));
            double threadWithout = median(cpu(s.without, true));
            report.line(String.format("%-30s %9s %9s %7s %8s   %-25s %-25s %d+%d%s", e.getKey(), f0(median(ro)),
                    f0(median(rw)), percent(median(rw) / median(ro)), percent(median(pairRatios)),
                    f1(cpuWithout) + " -> " + f1(cpuWith) + " (" + percent(cpuWith / cpuWithout) + ")",
                    f2(threadWithout) + " -> " + f2(threadWith) + " (" + percent(threadWith / threadWithout) + ")",
                    s.without.size(), s.with.size(), s.failures > 0 ? ", " + s.failures + " failed" : ""));
            report.line(String.format("%-30s without: %s", "", Bench.list(ro, Bench::f0)));
            report.line(String.format("%-30s with:    %s", "", Bench.list(rw, Bench::f0)));
        }
        report.line("(pairs: median of the with/without ratios of the runs of one round, which ran back to back)");
        report.line("report: " + report.file());
    }

    private static List<Double> rates(List<Sample> samples) {
        List<Double> r = new ArrayList<>();
        samples.forEach(s -> r.add(s.rate));
        return r;
    }

    private static List<Double> cpu(List<Sample> samples, boolean thread) {
        List<Double> r = new ArrayList<>();
        samples.forEach(s -> r.add(thread ? s.threadCpuMicrosPerMsg : s.processCpuMicrosPerMsg));
        return r;
    }
}
