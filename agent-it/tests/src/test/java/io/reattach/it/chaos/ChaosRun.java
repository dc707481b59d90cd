package io.reattach.it.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.reattach.broker.BrokerProcess;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.FaultProxy;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;

/**
 * One client's chaos run: the application in {@code --mode=chaos} (four streams, continuous traffic, both of its
 * connections through a {@link FaultProxy}) under the agent, the plan's faults one after the other, each once the
 * previous one was recovered from, then {@code stop} and the application's own account. Measures, per fault, when the
 * agent noticed (its first line about a lost or re-attached connection after the fault) and when it recovered (the
 * last of the lines that say a connection serves again: {@code reconnected after}, {@code re-attached}).
 */
final class ChaosRun {

    /** A connection the agent lost, or that the provider recovered by itself: the agent noticed the fault. */
    static final Pattern NOTICED = Pattern.compile(".*connection #(\\d+) \\([^)]*\\): (connection lost|the ActiveMQ Artemis client re-attached"
            + "|the ActiveMQ Artemis client reconnected, but).*");
    /** A connection serves the application again. */
    static final Pattern RECOVERED = Pattern.compile(".*connection #(\\d+) \\([^)]*\\): (reconnected after|the ActiveMQ Artemis client re-attached).*");

    /** What happened to one fault. */
    static final class Record {
        final Fault fault;
        final long startNanos;
        /** When the connections served again (or, for a fault that breaks none, when it was over). */
        long endNanos;
        /** Milliseconds from the fault to the agent's first notice; -1 when it noticed nothing. */
        long detectionMillis = -1;
        /** Milliseconds from the fault to the last connection serving again; -1 when none had to. */
        long recoveryMillis = -1;

        Record(Fault fault, long startNanos) {
            this.fault = fault;
            this.startNanos = startNanos;
        }
    }

    private final Client client;
    private final Testbed testbed;
    private final List<Fault> plan;
    private final String agentArgs;
    final List<Record> records = new ArrayList<>();
    AppProcess app;
    int exitCode;

    ChaosRun(Client client, Testbed testbed, List<Fault> plan, String agentArgs) {
        this.client = client;
        this.testbed = testbed;
        this.plan = plan;
        this.agentArgs = agentArgs;
    }

    ChaosRun run() {
        BrokerProcess broker = testbed.broker();
        FaultProxy proxy = testbed.proxy();
        app = testbed.app(client).mode("chaos").url(Testbed.url(client, proxy)).withAgent(agentArgs)
                .args("--interval-ms=40", "--drain-ms=15000", "--max-runtime-s=" + (120 + plan.size() * 40),
                        "--destination=" + testbed.destination("chaos"))
                .start();
        app.awaitLine("READY", Scenarios.SETUP);
        awaitProgress();
        for (Fault fault : plan) {
            sleep(fault.pauseMillis);
            int recoveredBefore = linesMatching(RECOVERED, 0).size();
            Record record = new Record(fault, System.nanoTime());
            records.add(record);
            inject(fault, broker, proxy);
            awaitRecoveries(recoveredBefore + fault.kind.recoveries, fault);
            record.endNanos = System.nanoTime();
            measure(record);
            awaitProgress();
        }
        app.send("stop");
        exitCode = app.awaitExit(Scenarios.FINISH);
        return this;
    }

    private void inject(Fault fault, BrokerProcess broker, FaultProxy proxy) {
        switch (fault.kind) {
            case KILL:
                broker.kill();
                broker.start();
                break;
            case RESET:
                proxy.reset();
                break;
            case STALL:
                proxy.stall();
                break;
            case REFUSE:
                proxy.refuse();
                proxy.reset();
                sleep(fault.durationMillis);
                proxy.accept();
                break;
            case LATENCY:
                proxy.latency(Duration.ofMillis(fault.latencyMillis));
                sleep(fault.durationMillis);
                proxy.latency(Duration.ZERO);
                sleep(2 * fault.latencyMillis + 500); // what was in flight arrives; a false detection would show by now
                break;
            case REPLY_DROPPED:
                int before = proxy.repliesDropped();
                proxy.dropNextReply();
                proxy.awaitReplyDropped(before + 1, Duration.ofSeconds(30));
                break;
            default:
                throw new IllegalStateException(fault.kind.name());
        }
    }

    /** Waits until the agent said {@code total} times in all that a connection serves again. */
    private void awaitRecoveries(int total, Fault fault) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (linesMatching(RECOVERED, 0).size() < total) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("[" + client + "] not recovered from " + fault + " within 60 s: " + linesMatching(RECOVERED, 0).size()
                        + " of " + total + " recoveries" + app.tailForMessage());
            }
            sleep(20);
        }
    }

    private void measure(Record record) {
        List<AppProcess.Line> noticed = linesMatching(NOTICED, record.startNanos);
        if (!noticed.isEmpty()) {
            record.detectionMillis = millis(noticed.get(0).nanos() - record.startNanos);
        }
        List<AppProcess.Line> recovered = linesMatching(RECOVERED, record.startNanos);
        int needed = record.fault.kind.recoveries;
        if (needed > 0 && recovered.size() >= needed) {
            record.recoveryMillis = millis(recovered.get(needed - 1).nanos() - record.startNanos);
        }
    }

    /** Waits until every stream has sent more since now: the traffic flows again. */
    private void awaitProgress() {
        Map<String, Integer> now = progress();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Map<String, Integer> later = progress();
            if (!later.isEmpty() && later.keySet().stream().allMatch(s -> later.get(s) > now.getOrDefault(s, -1))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("[" + client + "] the traffic did not go on: " + now + " then " + later + app.tailForMessage());
            }
            sleep(50);
        }
    }

    private static final Pattern PROGRESS = Pattern.compile("PROGRESS((?: \\w+=\\d+)+)");

    private Map<String, Integer> progress() {
        List<String> lines = app.linesStartingWith("PROGRESS ");
        Map<String, Integer> sent = new HashMap<>();
        if (!lines.isEmpty()) {
            Matcher m = PROGRESS.matcher(lines.get(lines.size() - 1));
            if (m.matches()) {
                for (String pair : m.group(1).trim().split(" ")) {
                    String[] kv = pair.split("=");
                    sent.put(kv[0], Integer.parseInt(kv[1]));
                }
            }
        }
        return sent;
    }

    /** The agent's lines matching {@code pattern} that arrived at or after {@code sinceNanos}. */
    List<AppProcess.Line> linesMatching(Pattern pattern, long sinceNanos) {
        List<AppProcess.Line> found = new ArrayList<>();
        for (AppProcess.Line line : app.errLines()) {
            if (line.nanos() - sinceNanos >= 0 && pattern.matcher(line.text()).matches()) {
                found.add(line);
            }
        }
        return found;
    }

    /** For each connection number the agent's lines name: how often it said the connection serves again. */
    Map<Integer, Integer> recoveriesByConnection() {
        Map<Integer, Integer> counts = new HashMap<>();
        for (AppProcess.Line line : linesMatching(RECOVERED, 0)) {
            Matcher m = RECOVERED.matcher(line.text());
            if (m.matches()) {
                counts.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
            }
        }
        return counts;
    }

    Client client() {
        return client;
    }

    List<Fault> plan() {
        return plan;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
