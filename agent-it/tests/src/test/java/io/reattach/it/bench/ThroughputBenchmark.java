package io.reattach.it.bench;

import static io.reattach.it.bench.Bench.f0;
import static io.reattach.it.bench.Bench.f1;
import static io.reattach.it.bench.Bench.f2;
import static io.reattach.it.bench.Bench.median;
import static io.reattach.it.bench.Bench.percent;

import java.nio.file.Path;
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
 * from round to round, so that both see the same machine load. The Artemis clients run a third configuration in the
 * same rounds: no agent, the client's own command buffer on ({@code confirmationWindowSize=1048576} on the URL, the
 * same 1 MiB as the agent's default window), what an application would otherwise turn on to protect its sends.
 * With {@code bench.referenceAgent} (the path of another build of the agent jar, say the last commit's), every client
 * also runs with that agent in the same rounds, so that a change is measured side by side with what it replaces.
 *
 * <p>The broker is not what is measured: it logs nothing per message (its audit logger is at WARN,
 * {@code BrokerProcess}), and every run consumes what it sent before it ends, so no round starts with a backlog; after
 * a run that failed before that (it crashed or timed out), a drain empties its queue.
 *
 * <p>Settings (system properties): {@code bench.rounds} [5]; {@code bench.persistent.count} [3000] and
 * {@code bench.persistent.warmup} [500]; {@code bench.nonpersistent.count} [30000] and
 * {@code bench.nonpersistent.warmup} [5000]; {@code bench.deliveries} [persistent,non-persistent];
 * {@code reattach.it.clients} [all six]; {@code bench.appJvmArgs} [none]: JVM options for every application run,
 * separated by spaces (say, {@code -XX:+CITime}, whose compiler figures each run's log then ends with);
 * {@code bench.variantArgs} and {@code bench.variantJvmArgs} [none]: agent arguments and JVM options of a fourth
 * mechanism, this build's agent run so in the same rounds.
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

    /** What runs in the application JVM. */
    enum Variant {
        WITHOUT("no"), AGENT("yes"), REFERENCE("reference"), VARIANT("variant"), ARTEMIS_WINDOW("artemis-window");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    /** The Artemis client's own command buffer, the same size as the agent's default window. */
    static final String ARTEMIS_WINDOW_OPTION = "?confirmationWindowSize=1048576";

    /** {@code bench.referenceAgent}: another build of the agent, run as {@link Variant#REFERENCE}; or null. */
    private static final Path REFERENCE_AGENT = referenceAgent();

    /**
     * {@code bench.variantArgs}: agent arguments for a run of this build's agent with other settings, as
     * {@link Variant#VARIANT} (for example {@code SessionReattach=NO}); or null.
     */
    private static final String VARIANT_ARGS = variantArgs();

    /**
     * {@code bench.variantJvmArgs}: JVM options for the {@link Variant#VARIANT} run only, separated by spaces (say, a
     * compiler directive for the agent's classes), so that their effect is measured side by side with the agent
     * without them. Either this or {@code bench.variantArgs} makes the variant run.
     */
    private static final String[] VARIANT_JVM_ARGS = Bench.jvmArgs("bench.variantJvmArgs");

    private static final boolean VARIANT = VARIANT_ARGS != null || VARIANT_JVM_ARGS.length > 0;

    /** {@code bench.consumeWhileSending=true}: the application consumes on a second session while it sends (no backlog). */
    private static final boolean CONSUME_WHILE_SENDING = Boolean.getBoolean("bench.consumeWhileSending");

    /** The samples of one client and delivery mode. */
    private static final class Series {
        final Map<Variant, List<Sample>> samples = new java.util.EnumMap<>(Variant.class);
        /** with / without of the runs of one round, when both worked. */
        final List<Double> pairRatios = new ArrayList<>();
        /** with / the Artemis client's own window, of the runs of one round. */
        final List<Double> windowPairRatios = new ArrayList<>();
        /** with / with the reference agent, of the runs of one round. */
        final List<Double> referencePairRatios = new ArrayList<>();
        /** the variant / without, of the runs of one round. */
        final List<Double> variantPairRatios = new ArrayList<>();
        int failures;

        List<Sample> of(Variant v) {
            return samples.computeIfAbsent(v, k -> new ArrayList<>());
        }
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
                + String.join(" ", Bench.JDK_DEFAULTS) + (REFERENCE_AGENT != null ? "; reference agent: " + REFERENCE_AGENT : "")
                + (VARIANT ? "; variant: " + variantDescription() : "")
                + (CONSUME_WHILE_SENDING ? "; consumed while sending" : ""));

        // The broker's JIT warms up on each protocol before anything is measured: one discarded run per client.
        for (Client client : clients) {
            Sample s = run(testbed, client, "non-persistent", Variant.WITHOUT, report);
            report.line(String.format("warm-up %-15s %s", client.module(), s == null ? "FAILED" : f0(s.rate) + " msgs/s (discarded)"));
        }

        Map<String, Series> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            boolean agentFirst = round % 2 == 0;
            for (Client client : clients) {
                for (String delivery : deliveries) {
                    Series series = results.computeIfAbsent(client.module() + " " + delivery, k -> new Series());
                    Map<Variant, Sample> inRound = new java.util.EnumMap<>(Variant.class);
                    for (Variant variant : order(client, agentFirst)) {
                        Sample s = run(testbed, client, delivery, variant, report);
                        if (s == null) {
                            series.failures++;
                        } else {
                            series.of(variant).add(s);
                            inRound.put(variant, s);
                        }
                        report.line(String.format("round %d %-15s %-14s agent=%-3s %s", round, client.module(),
                                delivery, variant.label, s == null ? "FAILED"
                                        : f0(s.rate) + " msgs/s, process CPU " + f1(s.processCpuMicrosPerMsg)
                                        + " us/msg, sending thread " + f1(s.threadCpuMicrosPerMsg) + " us/msg"));
                    }
                    Sample with = inRound.get(Variant.AGENT);
                    if (with != null && inRound.containsKey(Variant.WITHOUT)) {
                        series.pairRatios.add(with.rate / inRound.get(Variant.WITHOUT).rate);
                    }
                    if (with != null && inRound.containsKey(Variant.ARTEMIS_WINDOW)) {
                        series.windowPairRatios.add(with.rate / inRound.get(Variant.ARTEMIS_WINDOW).rate);
                    }
                    Sample variant = inRound.get(Variant.VARIANT);
                    if (variant != null && inRound.containsKey(Variant.WITHOUT)) {
                        series.variantPairRatios.add(variant.rate / inRound.get(Variant.WITHOUT).rate);
                    }
                    if (with != null && inRound.containsKey(Variant.REFERENCE)) {
                        series.referencePairRatios.add(with.rate / inRound.get(Variant.REFERENCE).rate);
                    }
                }
            }
        }
        report.line("end: " + Bench.load());
        summarize(report, results);
    }

    /** The variants of a round, in the order they run: the agent's run first in every other round. */
    private static List<Variant> order(Client client, boolean agentFirst) {
        List<Variant> order = new ArrayList<>(Arrays.asList(Variant.AGENT, Variant.WITHOUT));
        if (REFERENCE_AGENT != null) {
            order.add(1, Variant.REFERENCE);
        }
        if (VARIANT) {
            order.add(1, Variant.VARIANT);
        }
        if (client.module().startsWith("artemis")) {
            order.add(Variant.ARTEMIS_WINDOW);
        }
        if (!agentFirst) {
            java.util.Collections.reverse(order);
        }
        return order;
    }

    private static Sample run(Testbed testbed, Client client, String delivery, Variant variant, Bench.Report report) {
        boolean agent = variant == Variant.AGENT || variant == Variant.REFERENCE || variant == Variant.VARIANT;
        AppProcess.Builder builder = testbed.app(client)
                .mode("throughput")
                .jvmArgs(Bench.JDK_DEFAULTS)
                .jvmArgs(Bench.appJvmArgs())
                .args("--delivery=" + delivery, "--count=" + count(delivery), "--warmup=" + warmup(delivery),
                        "--destination=" + testbed.destination(client.module() + "." + delivery),
                        "--max-runtime-s=" + RUN_TIMEOUT.toSeconds());
        if (CONSUME_WHILE_SENDING) {
            builder.args("--consume-while-sending");
        }
        if (variant == Variant.VARIANT) {
            builder.jvmArgs(VARIANT_JVM_ARGS);
        }
        if (agent) {
            builder.withAgent(variant == Variant.VARIANT ? VARIANT_ARGS : null);
            if (variant == Variant.REFERENCE) {
                builder.agentJar(REFERENCE_AGENT);
            }
        } else if (variant == Variant.ARTEMIS_WINDOW) {
            builder.url(client.url(testbed.broker()) + ARTEMIS_WINDOW_OPTION);
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
        } finally {
            app.close();
        }
        drainAfterFailure(testbed, client, delivery, report);
        return null;
    }

    /**
     * Empties the queue of a run that failed before it consumed what it sent (it crashed, or timed out), so that the
     * next run does not find a backlog on the broker: a broker that holds one is part of what such a run measures.
     */
    private static void drainAfterFailure(Testbed testbed, Client client, String delivery, Bench.Report report) {
        AppProcess drain = testbed.app(client).mode("drain")
                .args("--destination=" + testbed.destination(client.module() + "." + delivery), "--drain-ms=1000",
                        "--max-runtime-s=" + RUN_TIMEOUT.toSeconds())
                .start();
        try {
            Matcher drained = drain.awaitLine("DRAINED (\\d+)", RUN_TIMEOUT);
            report.line("  drained the " + drained.group(1) + " message(s) it left on the broker");
        } catch (AssertionError e) {
            report.line("  could not drain what it left: " + e.getMessage().lines().findFirst().orElse("")
                    + " (log " + drain.logFile() + ")");
        } finally {
            drain.close();
        }
    }

    private static Path referenceAgent() {
        String path = System.getProperty("bench.referenceAgent", "").trim();
        if (path.isEmpty()) {
            return null;
        }
        Path jar = Path.of(path).toAbsolutePath();
        if (!java.nio.file.Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("bench.referenceAgent: no such file: " + jar);
        }
        return jar;
    }

    private static String variantDescription() {
        return "this agent" + (VARIANT_ARGS != null ? " with " + VARIANT_ARGS : "")
                + (VARIANT_JVM_ARGS.length > 0 ? ", JVM options " + String.join(" ", VARIANT_JVM_ARGS) : "");
    }

    private static String variantArgs() {
        String args = System.getProperty("bench.variantArgs", "").trim();
        return args.isEmpty() ? null : args;
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
            List<Sample> with = s.of(Variant.AGENT);
            List<Sample> without = s.of(Variant.WITHOUT);
            List<Double> rw = rates(with);
            List<Double> ro = rates(without);
            double cpuWith = median(cpu(with, false));
            double cpuWithout = median(cpu(without, false));
            double threadWith = median(cpu(with, true));
            double threadWithout = median(cpu(without, true));
            report.line(String.format("%-30s %9s %9s %7s %8s   %-25s %-25s %d+%d%s", e.getKey(), f0(median(ro)),
                    f0(median(rw)), percent(median(rw) / median(ro)), percent(median(s.pairRatios)),
                    f1(cpuWithout) + " -> " + f1(cpuWith) + " (" + percent(cpuWith / cpuWithout) + ")",
                    f2(threadWithout) + " -> " + f2(threadWith) + " (" + percent(threadWith / threadWithout) + ")",
                    without.size(), with.size(), s.failures > 0 ? ", " + s.failures + " failed" : ""));
            report.line(String.format("%-30s without: %s", "", Bench.list(ro, Bench::f0)));
            report.line(String.format("%-30s with:    %s", "", Bench.list(rw, Bench::f0)));
            List<Sample> reference = s.of(Variant.REFERENCE);
            if (!reference.isEmpty()) {
                double rr = median(rates(reference));
                mechanismLine(report, "reference", reference, "with / reference", median(rw) / rr, s.referencePairRatios,
                        "; reference / without: " + percent(rr / median(ro)));
            }
            List<Sample> variant = s.of(Variant.VARIANT);
            if (!variant.isEmpty()) {
                mechanismLine(report, "variant", variant, "variant / without", median(rates(variant)) / median(ro),
                        s.variantPairRatios, "");
            }
            List<Sample> window = s.of(Variant.ARTEMIS_WINDOW);
            if (!window.isEmpty()) {
                mechanismLine(report, "artemis-window", window, "with the agent / it", median(rw) / median(rates(window)),
                        s.windowPairRatios, "");
            }
        }
        report.line("(pairs: median of the with/without ratios of the runs of one round, which ran back to back; "
                + "artemis-window: no agent, " + ARTEMIS_WINDOW_OPTION + " on the URL"
                + (VARIANT ? "; variant: " + variantDescription() : "") + ")");
        aims(report, results);
        report.line("report: " + report.file());
    }

    /**
     * Issue 13's aims, read with their 95% bootstrap intervals: at least 0.99 of no agent for persistent sends and
     * 0.97 for non-persistent ones. The verdict rests on the pairs, which ran back to back and so share the machine's
     * load of the moment; the ratio of the medians of all runs is printed beside it.
     */
    private static void aims(Bench.Report report, Map<String, Series> results) {
        report.line("");
        report.line("## The aims, with 95% bootstrap intervals: persistent sends at least 99% of no agent, non-persistent 97%");
        report.line(String.format("%-30s %5s   %-26s %-26s %s", "client delivery", "aim", "pairs [95%]",
                "ratio of medians [95%]", "verdict (from the pairs)"));
        for (Map.Entry<String, Series> e : results.entrySet()) {
            Series s = e.getValue();
            double aim = e.getKey().endsWith(" persistent") ? 0.99 : 0.97;
            double[] pairs = Bench.medianInterval(s.pairRatios);
            double[] ratio = Bench.medianRatioInterval(rates(s.of(Variant.AGENT)), rates(s.of(Variant.WITHOUT)));
            report.line(String.format("%-30s %5s   %-26s %-26s %s", e.getKey(), percent(aim),
                    percent(median(s.pairRatios)) + " [" + percent(pairs[0]) + " .. " + percent(pairs[1]) + "]",
                    percent(median(rates(s.of(Variant.AGENT))) / median(rates(s.of(Variant.WITHOUT))))
                            + " [" + percent(ratio[0]) + " .. " + percent(ratio[1]) + "]",
                    Bench.verdictAtLeast(pairs, aim)));
        }
    }

    /** One line for another mechanism of a series: its median rate and CPU, a ratio with its pairs, its runs. */
    private static void mechanismLine(Bench.Report report, String label, List<Sample> samples, String ratioName, double ratio,
                                      List<Double> pairRatios, String more) {
        List<Double> r = rates(samples);
        report.line(String.format("%-30s %-15s %s msgs/s median, process CPU %s us/msg, thread %s us/msg; %s: %s (pairs %s)%s; %s",
                "", label + ":", f0(median(r)), f1(median(cpu(samples, false))), f2(median(cpu(samples, true))), ratioName,
                percent(ratio), percent(median(pairRatios)), more, Bench.list(r, Bench::f0)));
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
