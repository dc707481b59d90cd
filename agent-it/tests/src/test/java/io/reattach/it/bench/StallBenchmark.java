package io.reattach.it.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.FaultProxy;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * How long a stalled (black-holed, half-open) connection goes unnoticed, per client, with and without Reattach
 * ({@code StallTimeout} at its default, 10 s): the connection goes through a {@link FaultProxy} that stalls it.
 * <ul>
 * <li>A producer ({@code --mode=events}, a persistent send every 100 ms): without the agent, the time until the
 * application's send throws; with it, until the agent noticed (its {@code connection lost} line) and until the
 * connection served again ({@code reconnected}).</li>
 * <li>An idle consumer ({@code --mode=close}: a listener waiting, nothing sent): without the agent, the time until the
 * provider tells the application's {@code ExceptionListener}; with it, as above.</li>
 * </ul>
 * Without the agent the wait is cut at {@code bench.capSeconds} [180]. {@code -Dreattach.it.clients} selects clients.
 * Report: {@code agent-it/tests/target/bench/stall.txt}.
 */
@ExtendWith(TestbedExtension.class)
class StallBenchmark {

    private static final long CAP_SECONDS = Bench.intProperty("bench.capSeconds", 180);
    private static final Pattern NOTICED = Pattern.compile(".*connection #\\d+ \\([^)]*\\): (connection lost|the ActiveMQ Artemis client re-attached"
            + "|the ActiveMQ Artemis client reconnected, but).*");
    private static final Pattern RECOVERED = Pattern.compile(".*connection #\\d+ \\([^)]*\\): (reconnected after|the ActiveMQ Artemis client re-attached).*");

    /** Longer than the suite's 4 minutes: without the agent, a stall takes up to two minutes to be noticed. */
    @Timeout(value = 90, unit = TimeUnit.MINUTES)
    @Test
    void stallDetection(Testbed testbed) {
        Bench.Report report = new Bench.Report("stall");
        report.line(Bench.machine());
        report.line("StallTimeout=10000 (default); without the agent, cut at " + CAP_SECONDS + " s. Milliseconds from the stall.");
        report.line("| client | producer, no agent: send throws | producer, Reattach: noticed / serving again | idle consumer, no agent: ExceptionListener | idle consumer, Reattach: noticed / serving again |");
        report.line("|---|---|---|---|---|");
        for (Client client : Bench.clients(Arrays.asList(Client.values()))) {
            String producerWithout = without(testbed, client, "events", "SEND-FAILED .*|APP-EXCEPTION .*");
            String producerWith = with(testbed, client, "events");
            String consumerWithout = without(testbed, client, "close", "EVENT .*");
            String consumerWith = with(testbed, client, "close");
            report.line("| " + client + " | " + producerWithout + " | " + producerWith + " | " + consumerWithout + " | " + consumerWith + " |");
        }
    }

    private static AppProcess start(Testbed testbed, Client client, String mode, FaultProxy proxy, boolean agent) {
        AppProcess.Builder b = testbed.app(client).mode(mode).url(Testbed.url(client, proxy))
                .args("--count=" + (mode.equals("events") ? 100_000 : 5), "--interval-ms=100", "--drain-ms=5000",
                        "--max-runtime-s=" + (CAP_SECONDS + 120), "--destination=" + testbed.destination(mode));
        if (agent) {
            b.withAgent("ReconDelay=(200,100)");
        }
        AppProcess app = b.start();
        app.awaitLine(mode.equals("events") ? "SENT 10" : "READY", Duration.ofSeconds(60));
        return app;
    }

    private static String without(Testbed testbed, Client client, String mode, String failure) {
        try (FaultProxy proxy = new FaultProxy(testbed.broker(client).port()); AppProcess app = start(testbed, client, mode, proxy, false)) {
            long t0 = System.nanoTime();
            proxy.stall();
            try {
                AppProcess.Line line = app.awaitLineAt(failure, Duration.ofSeconds(CAP_SECONDS));
                return String.valueOf(TimeUnit.NANOSECONDS.toMillis(line.nanos() - t0));
            } catch (AssertionError e) {
                return "> " + CAP_SECONDS * 1000;
            }
        }
    }

    private static String with(Testbed testbed, Client client, String mode) {
        try (FaultProxy proxy = new FaultProxy(testbed.broker(client).port()); AppProcess app = start(testbed, client, mode, proxy, true)) {
            long t0 = System.nanoTime();
            proxy.stall();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Long noticed = null;
            Long recovered = null;
            while (recovered == null && System.nanoTime() < deadline) {
                for (AppProcess.Line line : app.errLines()) {
                    if (line.nanos() < t0) {
                        continue;
                    }
                    if (noticed == null && NOTICED.matcher(line.text()).matches()) {
                        noticed = line.nanos();
                    }
                    if (recovered == null && RECOVERED.matcher(line.text()).matches()) {
                        recovered = line.nanos();
                    }
                }
                sleep();
            }
            return ms(noticed, t0) + " / " + ms(recovered, t0);
        }
    }

    private static String ms(Long at, long t0) {
        return at == null ? "-" : String.valueOf(TimeUnit.NANOSECONDS.toMillis(at - t0));
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

}
