package io.reattach.it.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.reattach.it.harness.AgentBean;
import io.reattach.it.harness.AppProcess;

/**
 * What a chaos run's application reported ({@code STREAM} lines, arrivals, exceptions, the agent's beans), and the
 * checks the run must pass. Duplicates are allowed only where the design allows them: a redelivery of a message whose
 * acknowledgement was lost, or a send of unknown outcome made again; both only across a fault that broke a
 * connection. So for each duplicate there must be such a fault that began before its second arrival, while its first
 * arrival came before that fault was over (and recovered from), give or take a few seconds.
 */
final class ChaosOutcome {

    /** The persistent streams: nothing of theirs may be lost. {@code n} is non-persistent. */
    static final List<String> PERSISTENT = List.of("p", "t", "c");

    /** A redelivery can lag the recovery a little (the broker gives the old consumer's messages back). */
    static final long DUPLICATE_SLACK_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final Pattern STREAM = Pattern.compile("STREAM (\\w+) sent=(\\d+) received=(\\d+) duplicates=(\\d+) missing=(\\d+).*");
    private static final Pattern ARRIVAL = Pattern.compile("(RECEIVED|DUPLICATE) (\\w+) (\\d+)( redelivered)?");

    /** One stream's account. */
    static final class Stream {
        final String name;
        final int sent;
        final int received;
        final int duplicates;
        final int missing;
        final String line;

        Stream(Matcher m, String line) {
            this.name = m.group(1);
            this.sent = Integer.parseInt(m.group(2));
            this.received = Integer.parseInt(m.group(3));
            this.duplicates = Integer.parseInt(m.group(4));
            this.missing = Integer.parseInt(m.group(5));
            this.line = line;
        }
    }

    final ChaosRun run;
    final Map<String, Stream> streams = new LinkedHashMap<>();
    final List<String> exceptions = new ArrayList<>();
    final List<AgentBean> beans;
    /** Duplicates that no fault explains, described. */
    final List<String> unexplainedDuplicates = new ArrayList<>();
    int redelivered;

    ChaosOutcome(ChaosRun run) {
        this.run = run;
        AppProcess app = run.app;
        for (String line : app.linesStartingWith("STREAM ")) {
            Matcher m = STREAM.matcher(line);
            if (m.matches()) {
                streams.put(m.group(1), new Stream(m, line));
            }
        }
        exceptions.addAll(app.linesStartingWith("CHAOS-EXCEPTION "));
        exceptions.addAll(app.linesStartingWith("APP-EXCEPTION "));
        exceptions.addAll(app.linesStartingWith("EVENT "));
        beans = AgentBean.of(app);
        explainDuplicates(app.lines());
    }

    private void explainDuplicates(List<AppProcess.Line> lines) {
        Map<String, Long> firstArrival = new HashMap<>();
        for (AppProcess.Line line : lines) {
            Matcher m = ARRIVAL.matcher(line.text());
            if (!m.matches()) {
                continue;
            }
            String key = m.group(2) + " " + m.group(3);
            if (m.group(1).equals("RECEIVED")) {
                firstArrival.putIfAbsent(key, line.nanos());
                continue;
            }
            if (m.group(4) != null) {
                redelivered++;
            }
            long first = firstArrival.getOrDefault(key, line.nanos());
            // A fault explains it when it began before the second arrival and the first came before the fault was over
            // (a redelivery: delivered before; a replay or a redelivery during the recovery: delivered while it ran).
            boolean explained = run.records.stream().anyMatch(r -> r.fault.kind.recoveries > 0
                    && r.startNanos - line.nanos() <= 0 && first - (r.endNanos + DUPLICATE_SLACK_NANOS) <= 0);
            if (!explained) {
                unexplainedDuplicates.add(key + (m.group(4) != null ? " (redelivered)" : ""));
            }
        }
    }

    boolean hadKill() {
        return run.plan().stream().anyMatch(f -> f.kind == Fault.Kind.KILL);
    }

    /** Recoveries the plan's faults call for, in all. */
    int expectedRecoveries() {
        return run.plan().stream().mapToInt(f -> f.kind.recoveries).sum();
    }

    long beanRecoveries() {
        return beans.stream().mapToLong(b -> b.number("Reconnects") + b.number("Reattaches")).sum();
    }

    int sent() {
        return streams.values().stream().mapToInt(s -> s.sent).sum();
    }

    int received() {
        return streams.values().stream().mapToInt(s -> s.received).sum();
    }

    int duplicates() {
        return streams.values().stream().mapToInt(s -> s.duplicates).sum();
    }

    int persistentLost() {
        return PERSISTENT.stream().mapToInt(s -> streams.containsKey(s) ? streams.get(s).missing : 0).sum();
    }

    int nonPersistentLost() {
        return streams.containsKey("n") ? streams.get("n").missing : 0;
    }
}
