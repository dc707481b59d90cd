package io.reattach.it.bench;

import static io.reattach.it.bench.Bench.f0;
import static io.reattach.it.bench.Bench.median;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Start-up of a JMS application, with and without the agent: the legacy application's {@code events} mode with one
 * message (create the factory, one connection with an {@code ExceptionListener}, a session, a producer; start; one
 * persistent send; close; exit). Measured by this runner from just before the JVM is started to the arrival of each
 * line: {@code START} (in {@code main}: the JVM and the agent's premain are done), {@code READY} (connected and set up:
 * with the agent, the first ConnectionFactory class brought Byte Buddy in), {@code SENT 1} (the first send returned),
 * and the process's exit. Rounds alternate without and with the agent; one discarded pair first warms the broker up
 * (and the page cache).
 *
 * <p>Settings: {@code bench.rounds} [10], {@code reattach.it.clients} [artemis-javax].
 */
@ExtendWith(TestbedExtension.class)
class FirstSendBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String[] MARKS = {"START .*", "READY", "SENT 1", "exit"};

    @Test
    @Timeout(value = 6, unit = TimeUnit.HOURS) // not the scenarios' 4 minutes (junit-platform.properties)
    void timeToFirstSend(Testbed testbed) {
        int rounds = Bench.intProperty("bench.rounds", 10);
        List<Client> clients = Bench.clients(List.of(Client.ARTEMIS_JAVAX));
        Bench.Report report = new Bench.Report("first-send");
        report.line("# Time to the first successful send, with and without the agent");
        report.line(Bench.machine());
        report.line("rounds: " + rounds + "; clients: " + clients + "; application JVM: harness options + "
                + String.join(" ", Bench.JDK_DEFAULTS));
        testbed.broker(); // started before the first measurement
        for (Client client : clients) {
            for (boolean agent : new boolean[]{false, true}) {
                double[] marks = run(testbed, client, agent);
                report.line(String.format("warm-up  %-15s agent=%-3s SENT-1 %5s ms (discarded)", client.module(),
                        agent ? "yes" : "no", f0(marks[2])));
            }
        }

        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            boolean agentFirst = round % 2 == 0;
            for (Client client : clients) {
                for (boolean agent : new boolean[]{agentFirst, !agentFirst}) {
                    double[] marks = run(testbed, client, agent);
                    results.computeIfAbsent(client.module() + " agent=" + (agent ? "yes" : "no"),
                            k -> new ArrayList<>()).add(marks);
                    report.line(String.format("round %2d %-15s agent=%-3s START %5s  READY %5s  SENT-1 %5s  exit %5s ms",
                            round, client.module(), agent ? "yes" : "no", f0(marks[0]), f0(marks[1]), f0(marks[2]),
                            f0(marks[3])));
                }
            }
        }
        report.line("end: " + Bench.load());
        report.line("");
        report.line("## Summary: medians, ms from the JVM's launch");
        report.line(String.format("%-28s %7s %7s %7s %7s", "client", "START", "READY", "SENT-1", "exit"));
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
            double[] m = new double[MARKS.length];
            for (int i = 0; i < MARKS.length; i++) {
                List<Double> v = new ArrayList<>();
                for (double[] marks : e.getValue()) {
                    v.add(marks[i]);
                }
                m[i] = median(v);
            }
            medians.put(e.getKey(), m);
            report.line(String.format("%-28s %7s %7s %7s %7s", e.getKey(), f0(m[0]), f0(m[1]), f0(m[2]), f0(m[3])));
        }
        for (Client client : clients) {
            double[] with = medians.get(client.module() + " agent=yes");
            double[] without = medians.get(client.module() + " agent=no");
            if (with != null && without != null) {
                report.line(String.format("%-28s %+7.0f %+7.0f %+7.0f %+7.0f", client.module() + " agent cost",
                        with[0] - without[0], with[1] - without[1], with[2] - without[2], with[3] - without[3]));
            }
        }
        report.line("report: " + report.file());
    }

    /** ms from launch to START, READY, SENT 1 and exit; NaN for what did not happen. */
    private static double[] run(Testbed testbed, Client client, boolean agent) {
        AppProcess.Builder builder = testbed.app(client)
                .mode("events")
                .jvmArgs(Bench.JDK_DEFAULTS)
                .args("--count=1", "--interval-ms=0", "--destination=" + testbed.destination(client.module()));
        if (agent) {
            builder.withAgent(null);
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
}
