package io.reattach.it.bench;

import static io.reattach.it.bench.Bench.f0;
import static io.reattach.it.bench.Bench.f1;
import static io.reattach.it.bench.Bench.median;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.reattach.it.harness.AgentCli;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * How long an application stops while {@code attach} loads the agent into it and retransforms its ConnectionFactory
 * classes. The legacy application runs a thread that ticks every millisecond and records the largest gap between two
 * ticks ({@code --pause-meter}); it has created its ConnectionFactory (the class is loaded) and waits. Per round, one
 * fresh JVM: a quiet window of 3 s gives the baseline gap, then the window around {@code attach <pid>} (the command's
 * whole run) gives the attach gap. With the classes the application needs (about 2,000) and with
 * {@code bench.classes} more loaded first: class redefinition walks every loaded class at a safepoint.
 *
 * <p>Settings: {@code bench.rounds} [5], {@code bench.classes} [20000], {@code reattach.it.clients} [artemis-javax].
 */
@ExtendWith(TestbedExtension.class)
class AttachPauseBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final AtomicInteger SAFEPOINT_LOGS = new AtomicInteger();
    private static final Pattern SAFEPOINT = Pattern.compile("Safepoint \"RedefineClasses\".* Total: (\\d+) ns");

    @Test
    @Timeout(value = 6, unit = TimeUnit.HOURS) // not the scenarios' 4 minutes (junit-platform.properties)
    void longestPauseWhileAttaching(Testbed testbed) throws InterruptedException, IOException {
        int rounds = Bench.intProperty("bench.rounds", 5);
        int many = Bench.intProperty("bench.classes", 20000);
        List<Client> clients = Bench.clients(List.of(Client.ARTEMIS_JAVAX));
        Bench.Report report = new Bench.Report("attach-pause");
        report.line("# The application's longest pause while the agent attaches and retransforms");
        report.line(Bench.machine());
        report.line("rounds: " + rounds + "; clients: " + clients + "; application JVM: harness options + "
                + String.join(" ", Bench.JDK_DEFAULTS));
        testbed.broker();
        List<String> summary = new ArrayList<>();
        for (Client client : clients) {
            for (int extra : new int[]{0, many}) {
                List<Double> loaded = new ArrayList<>();
                List<Double> quiet = new ArrayList<>();
                List<Double> attach = new ArrayList<>();
                List<Double> command = new ArrayList<>();
                List<Double> safepoint = new ArrayList<>();
                for (int round = 0; round <= rounds; round++) { // round 0 warms up and is discarded
                    double[] r = run(testbed, client, extra);
                    report.line(String.format("%s %-15s +%-6d classes: loaded %5s  quiet gap %6s ms  attach gap %6s ms  attach command %5s ms"
                            + "  RedefineClasses safepoints %s, longest %s ms",
                            round == 0 ? "warm-up " : String.format("round %2d", round), client.module(), extra, f0(r[0]), f1(r[1]),
                            f1(r[2]), f0(r[3]), f0(r[4]), Bench.f2(r[5])));
                    if (round > 0) {
                        loaded.add(r[0]);
                        quiet.add(r[1]);
                        attach.add(r[2]);
                        command.add(r[3]);
                        safepoint.add(r[5]);
                    }
                }
                summary.add(String.format("%-15s %8s %14s %14s %14s %16s %20s", client.module(), f0(median(loaded)), f1(median(quiet)),
                        f1(median(attach)), f1(Bench.max(attach)), f0(median(command)), Bench.f2(median(safepoint))));
            }
        }
        report.line("end: " + Bench.load());
        report.line("");
        report.line("## Summary: medians over " + rounds + " rounds, ms");
        report.line(String.format("%-15s %8s %14s %14s %14s %16s %20s", "client", "classes", "quiet max gap", "attach max gap",
                "(worst round)", "attach command", "RedefineClasses max"));
        summary.forEach(report::line);
        report.line("report: " + report.file());
    }

    /**
     * {loaded classes, quiet window's max gap, attach window's max gap, attach command's wall time, RedefineClasses
     * safepoints, the longest of them}.
     */
    private static double[] run(Testbed testbed, Client client, int extraClasses) throws InterruptedException, IOException {
        Path safepoints = testbed.dir().resolve("safepoints-" + SAFEPOINT_LOGS.incrementAndGet() + ".log");
        AppProcess app = testbed.app(client).jvmArgs(Bench.JDK_DEFAULTS).jvmArgs("-Xlog:safepoint=info:file=" + safepoints)
                .mode("queue")
                .args("--wait-before-connect", "--pause-meter", "--load-classes=" + extraClasses, "--max-runtime-s=600").start();
        try {
            app.awaitLine("WAITING-FOR-CONNECT", TIMEOUT);
            String pid = Long.toString(app.pid());
            Thread.sleep(2000);
            gap(app); // the start-up's own pauses
            Thread.sleep(3000);
            String quietLine = gap(app);
            long t0 = System.nanoTime();
            AgentCli.Result attached = AgentCli.run("attach", pid);
            double commandMs = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(1000); // and what the agent does in the background after agentmain returned
            double attach = maxMs(gap(app));
            if (attached.exitCode() != 0) {
                throw new AssertionError("attach failed: " + attached + app.tailForMessage());
            }
            app.awaitErrLine(0, ".*Reattach .* manages JMS connections.*", TIMEOUT); // the factory class was retransformed
            double loaded = Double.parseDouble(quietLine.replaceAll(".* classes=(\\d+).*", "$1"));
            double[] redefine = redefineClassesSafepoints(safepoints);
            return new double[]{loaded, maxMs(quietLine), attach, commandMs, redefine[0], redefine[1]};
        } finally {
            app.close();
        }
    }

    /**
     * {@code RedefineClasses} safepoints in the JVM's {@code -Xlog:safepoint} log: {count, longest total ms}. These are
     * the retransformations' own stops, without the CPU contention that the tick gaps include.
     */
    private static double[] redefineClassesSafepoints(Path log) throws IOException {
        int count = 0;
        double max = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = SAFEPOINT.matcher(line);
            if (m.find()) {
                count++;
                max = Math.max(max, Long.parseLong(m.group(1)) / 1e6);
            }
        }
        return new double[]{count, max};
    }

    private static double maxMs(String gapLine) {
        return Double.parseDouble(gapLine.replaceAll("GAP max-ms=(\\S+) .*", "$1"));
    }

    /** Asks for the largest gap since the last question and waits for the answer. */
    private static String gap(AppProcess app) throws InterruptedException {
        int before = app.linesStartingWith("GAP ").size();
        app.send("gap");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> gaps = app.linesStartingWith("GAP ");
            if (gaps.size() > before) {
                return gaps.get(before);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no GAP line" + app.tailForMessage());
    }
}
