package io.reattach.it.bench;

import static io.reattach.it.bench.Bench.f0;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.reattach.broker.BrokerProcess;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * The heap the send buffer holds under a sustained non-persistent load through an outage. The legacy application's
 * {@code async} mode sends non-persistent messages of about {@value #PADDING} characters as fast as it can (nothing
 * ever confirms them, so the window stays full); after {@value #FILL} sends the broker is killed, and while the
 * application waits for it, it reports the heap in use after a full GC ({@code HEAP used=}). The same run with
 * {@code ConfirmationWindowSize=-1} (no buffer) gives the baseline: the difference is what the buffer holds, to be
 * compared with the window. Each window size runs {@code bench.heap.rounds} [3] times per client; medians are reported.
 *
 * <p>Settings: {@code bench.heap.windows} [1048576,4194304]; {@code reattach.it.clients} [all six].
 */
@ExtendWith(TestbedExtension.class)
class BufferHeapBenchmark {

    static final int PADDING = 1000;
    static final int FILL = 20_000;
    private static final Duration STEP = Duration.ofMinutes(2);

    @Test
    @Timeout(value = 2, unit = TimeUnit.HOURS)
    void heapHeldByTheBuffer(Testbed testbed) {
        int rounds = Bench.intProperty("bench.heap.rounds", 3);
        List<Long> windows = new ArrayList<>();
        for (String w : System.getProperty("bench.heap.windows", "1048576,4194304").split("\\s*,\\s*")) {
            windows.add(Long.parseLong(w));
        }
        List<Client> clients = Bench.clients(Arrays.asList(Client.values()));
        Bench.Report report = new Bench.Report("buffer-heap");
        report.line("# Heap held by the send buffer through an outage");
        report.line(Bench.machine());
        report.line("load: non-persistent TextMessages of " + PADDING + "+ characters, no pause; broker killed after "
                + FILL + " sends; HEAP = used heap after System.gc() while the application waits for the broker; "
                + "application JVM: harness options (-Xmx256m, SerialGC); rounds: " + rounds);
        for (Client client : clients) {
            List<Double> none = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                none.add((double) heap(testbed, client, -1, report));
            }
            double base = Bench.median(none);
            report.line(String.format("%-15s ConfirmationWindowSize=-1: heap %s bytes (median of %s)", client.module(),
                    f0(base), Bench.list(none, Bench::f0)));
            for (long window : windows) {
                List<Double> with = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    with.add((double) heap(testbed, client, window, report));
                }
                double held = Bench.median(with) - base;
                report.line(String.format("%-15s ConfirmationWindowSize=%d: heap %s bytes (median of %s): the buffer "
                        + "holds %s bytes = %.2f x the window", client.module(), window, f0(Bench.median(with)),
                        Bench.list(with, Bench::f0), f0(held), held / window));
            }
        }
        report.line("end: " + Bench.load());
    }

    private static long heap(Testbed testbed, Client client, long window, Bench.Report report) {
        BrokerProcess broker = testbed.broker();
        AppProcess app = testbed.app(client).mode("async")
                .withAgent("ReconDelay=(200,100),MQReconnectTimeout=60,ConfirmationWindowSize=" + window)
                .args("--count=1000000000", "--interval-ms=0", "--delivery=non-persistent", "--padding=" + PADDING,
                        "--destination=" + testbed.destination(client.module() + ".heap"), "--max-runtime-s=300")
                .start();
        try {
            app.awaitLine("READY", STEP);
            app.awaitLine("(SENT |SEND-FAILED seq=)" + FILL + "( .*)?", STEP);
            broker.kill();
            Thread.sleep(1500); // the application is blocked in a send now; the window is as full as it gets
            app.send("heap");
            Matcher m = app.awaitLine("HEAP used=(\\d+)", STEP);
            return Long.parseLong(m.group(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            app.close();
            broker.start();
        }
    }
}
