package io.reattach.it.bench;

import static io.reattach.it.bench.Bench.f1;
import static io.reattach.it.bench.Bench.f2;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.reattach.broker.BrokerProcess;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Done;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * A reconnect storm: {@code bench.jvms} application JVMs hold {@code bench.connections} consumer connections each (and a
 * producer) when they lose their broker at once, for {@code bench.downMillis}. A {@link CountingFront} between the
 * clients and the broker drops every connection and refuses new ones for that long (to the clients, a broker that
 * died and came back, without a broker start competing for the two cores), and notes every connection attempt that
 * reaches the broker's address. Measured per schedule: the attempts per 100 ms, and when each connection is back (its
 * {@code RECONNECTED} event).
 *
 * <p>Schedules: the default {@code ReconDelay} (IBM MQ's, with its random parts) and a fixed interval
 * ({@code ReconDelay=(1000)}); {@code bench.agentJar=PATH} adds a third series with the default schedule and another
 * build of the agent (an experiment, such as a larger background executor). Output: {@code target/bench/reconnect-storm.txt},
 * {@code .csv} and {@code .png} (the chart in docs/).
 *
 * <p>Settings: {@code bench.jvms} [4], {@code bench.connections} [125], {@code bench.downMillis} [5000],
 * {@code reattach.it.clients} [classic5: one TCP connect per attempt].
 */
@ExtendWith(TestbedExtension.class)
class ReconnectStormBenchmark {

    private static final long BIN_MILLIS = 100;
    private static final Duration SETUP = Duration.ofMinutes(3);
    private static final Duration EVERYONE_BACK = Duration.ofMinutes(10);

    /** One schedule (and agent build) under test. */
    static final class Series {
        final String label;
        final String agentArgs;
        final Path agentJar;

        Series(String label, String agentArgs, Path agentJar) {
            this.label = label;
            this.agentArgs = agentArgs;
            this.agentJar = agentJar;
        }
    }

    /** What one storm looked like; times in ms from the kill. */
    static final class Storm {
        final Series series;
        final List<Long> attempts = new ArrayList<>();
        final List<Long> back = new ArrayList<>();
        long brokerBack;
        final List<String> problems = new ArrayList<>();

        Storm(Series series) {
            this.series = series;
        }

        long lastBack() {
            return back.isEmpty() ? -1 : Collections.max(back);
        }

        /** Attempts per bin from the kill until the last connection was back. */
        int[] bins() {
            int n = (int) (lastBack() / BIN_MILLIS) + 1;
            int[] bins = new int[Math.max(n, 1)];
            for (long a : attempts) {
                int i = (int) (a / BIN_MILLIS);
                if (i >= 0 && i < bins.length) {
                    bins[i]++;
                }
            }
            return bins;
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.HOURS)
    void reconnectStorm(Testbed testbed) throws Exception {
        int jvms = Bench.intProperty("bench.jvms", 4);
        int perJvm = Bench.intProperty("bench.connections", 125);
        long downMillis = Bench.intProperty("bench.downMillis", 5000);
        Client client = Bench.clients(Collections.singletonList(Client.CLASSIC5)).get(0);
        List<Series> series = new ArrayList<>();
        series.add(new Series("default ReconDelay (jittered)", "", null));
        series.add(new Series("fixed ReconDelay=(1000)", "ReconDelay=(1000),", null));
        String variant = System.getProperty("bench.agentJar", "").trim();
        if (!variant.isEmpty()) {
            series.add(new Series("default ReconDelay, " + Path.of(variant).getFileName(), "", Path.of(variant).toAbsolutePath()));
        }

        Bench.Report report = new Bench.Report("reconnect-storm");
        report.line("# Reconnect storm");
        report.line(Bench.machine());
        report.line(jvms + " JVMs x " + perJvm + " consumer connections + 1 producer each (" + jvms * (perJvm + 1)
                + " connections), client " + client + "; every connection dropped and new ones refused for " + downMillis + " ms");
        List<Storm> storms = new ArrayList<>();
        for (Series s : series) {
            Storm storm = run(testbed, client, s, jvms, perJvm, downMillis);
            storms.add(storm);
            describe(report, storm, jvms * (perJvm + 1));
        }
        StormChart.write(storms, BIN_MILLIS, report.file().resolveSibling("reconnect-storm"));
        report.line("chart: " + report.file().resolveSibling("reconnect-storm.png"));
    }

    private Storm run(Testbed testbed, Client client, Series series, int jvms, int perJvm, long downMillis) throws Exception {
        Storm storm = new Storm(series);
        BrokerProcess broker = testbed.broker();
        broker.appendToLog("=== storm: " + series.label);
        try (CountingFront front = new CountingFront(broker.port())) {
            List<AppProcess> apps = new ArrayList<>();
            for (int j = 1; j <= jvms; j++) {
                AppProcess.Builder b = testbed.app(client, client.scheme() + "://127.0.0.1:" + front.port())
                        .withAgent(series.agentArgs + "ExceptionListenerEvents=RECONNECTED").jvmArgs(Bench.JDK_DEFAULTS)
                        .mode("storm").args("--connections=" + perJvm, "--count=20", "--interval-ms=500", "--drain-ms=60000",
                                "--hold", "--max-runtime-s=900", "--destination=" + testbed.destination("storm" + j));
                if (series.agentJar != null) {
                    b.agentJar(series.agentJar);
                }
                apps.add(b.start());
            }
            for (AppProcess app : apps) {
                app.awaitLine("READY.*", SETUP);
            }
            Thread.sleep(1000); // let the set-up's connects settle before counting
            long kill = System.nanoTime();
            front.down();
            Thread.sleep(downMillis);
            front.up();
            storm.brokerBack = millisSince(kill, System.nanoTime());
            int total = jvms * (perJvm + 1);
            long deadline = System.nanoTime() + EVERYONE_BACK.toNanos();
            while (reconnected(apps).size() < total && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            for (long t : reconnected(apps)) {
                storm.back.add(millisSince(kill, t));
            }
            if (storm.back.size() < total) {
                storm.problems.add("only " + storm.back.size() + " of " + total + " connections came back");
            }
            for (long t : front.acceptedNanos()) {
                if (t >= kill) {
                    storm.attempts.add(millisSince(kill, t));
                }
            }
            for (AppProcess app : apps) {
                app.send("finish");
            }
            for (AppProcess app : apps) {
                int code = app.awaitExit(SETUP);
                Done done = app.done();
                if (code != 0 || done.missing > 0) {
                    storm.problems.add(app.name() + " exit " + code + ": " + done);
                }
                app.close();
            }
        }
        return storm;
    }

    /** {@link System#nanoTime()} of every RECONNECTED event so far. */
    private static List<Long> reconnected(List<AppProcess> apps) {
        List<Long> times = new ArrayList<>();
        for (AppProcess app : apps) {
            for (AppProcess.Line l : app.lines()) {
                if (l.text().startsWith("EVENT RECONNECTED ")) {
                    times.add(l.nanos());
                }
            }
        }
        return times;
    }

    private static long millisSince(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    private static void describe(Bench.Report report, Storm s, int connections) {
        int[] bins = s.bins();
        int downBins = (int) (s.brokerBack / BIN_MILLIS);
        report.line("");
        report.line("## " + s.series.label + (s.problems.isEmpty() ? "" : "  PROBLEMS: " + s.problems));
        report.line("attempts at the broker's address from the kill until the last connection was back: " + sum(bins, 0, bins.length)
                + " (" + f2((double) sum(bins, 0, bins.length) / connections) + " per connection)");
        report.line(window("while the broker was down (0 to " + s.brokerBack + " ms)", bins, 0, downBins));
        report.line(window("after it was back (" + s.brokerBack + " ms to the last reconnect)", bins, downBins, bins.length));
        report.line(window("whole storm", bins, firstNonZero(bins), bins.length));
        int waveStart = firstNonZero(bins, downBins);
        report.line(window("the wave the broker meets on its return (" + waveStart * BIN_MILLIS + " ms, the first attempt after"
                + " it, to the last reconnect)", bins, waveStart, bins.length));
        List<Long> after = new ArrayList<>();
        for (long b : s.back) {
            after.add(b - s.brokerBack);
        }
        Collections.sort(after);
        report.line("connections back after the broker's return: first " + after.get(0) + " ms, median "
                + after.get(after.size() / 2) + " ms, 90% " + after.get(after.size() * 9 / 10) + " ms, all "
                + after.get(after.size() - 1) + " ms");
        StringBuilder b = new StringBuilder("attempts per 100 ms:");
        for (int i = 0; i < bins.length; i++) {
            b.append(i % 20 == 0 ? "\n  " + f1(i * BIN_MILLIS / 1000.0) + "s:" : "").append(' ').append(bins[i]);
        }
        report.line(b.toString());
    }

    /** Mean and peak attempts per 100 ms in bins [from, to), and the peak over the mean. */
    private static String window(String label, int[] bins, int from, int to) {
        int n = Math.max(0, Math.min(to, bins.length) - from);
        if (n == 0) {
            return label + ": -";
        }
        int peak = 0;
        for (int i = from; i < from + n; i++) {
            peak = Math.max(peak, bins[i]);
        }
        double mean = (double) sum(bins, from, from + n) / n;
        return label + ": mean " + f1(mean) + ", peak " + peak + " attempts per 100 ms (peak/mean " + f2(peak / mean) + ")";
    }

    private static int sum(int[] bins, int from, int to) {
        int s = 0;
        for (int i = from; i < to; i++) {
            s += bins[i];
        }
        return s;
    }

    private static int firstNonZero(int[] bins) {
        return firstNonZero(bins, 0);
    }

    private static int firstNonZero(int[] bins, int from) {
        for (int i = from; i < bins.length; i++) {
            if (bins[i] > 0) {
                return i;
            }
        }
        return 0;
    }
}
