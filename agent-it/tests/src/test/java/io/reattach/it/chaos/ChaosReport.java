package io.reattach.it.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import io.reattach.it.harness.Layout;

/**
 * The summary of a chaos run over every client: one row per client (faults by kind, sent, received, lost, duplicates,
 * the agent's detection and recovery time per fault kind), then every fault of every client. Printed and written to
 * {@code agent-it/tests/target/chaos/summary.md}.
 */
final class ChaosReport {

    private final long seed;
    private final int faultsPerClient;
    private final List<ChaosOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());

    ChaosReport(long seed, int faultsPerClient) {
        this.seed = seed;
        this.faultsPerClient = faultsPerClient;
    }

    void add(ChaosOutcome outcome) {
        outcomes.add(outcome);
    }

    String format() {
        StringBuilder b = new StringBuilder();
        b.append("# Chaos run, seed ").append(seed).append(", ").append(faultsPerClient).append(" faults per client\n\n")
                .append("Replay it: -Dreattach.chaos.seed=").append(seed).append(" -Dreattach.chaos.faults=").append(faultsPerClient)
                .append(". Times in ms from the fault: detection = the agent's first notice, recovery = the last connection serving again.\n\n")
                .append("| client | faults | sent | received | lost persistent | lost non-persistent | duplicates (redelivered) | recoveries (agent / expected) | detection ms | recovery ms |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (ChaosOutcome o : outcomes) {
            b.append("| ").append(o.run.client()).append(" | ").append(kinds(o)).append(" | ").append(o.sent()).append(" | ")
                    .append(o.received()).append(" | ").append(o.persistentLost()).append(" | ").append(o.nonPersistentLost())
                    .append(o.hadKill() ? " (broker killed)" : "").append(" | ").append(o.duplicates()).append(" (")
                    .append(o.redelivered).append(") | ").append(o.beanRecoveries()).append(" / ").append(o.expectedRecoveries())
                    .append(" | ").append(times(o, r -> r.detectionMillis)).append(" | ").append(times(o, r -> r.recoveryMillis))
                    .append(" |\n");
        }
        b.append("\n## Every fault\n\n| client | # | fault | detection ms | recovery ms |\n|---|---|---|---|---|\n");
        for (ChaosOutcome o : outcomes) {
            int i = 0;
            for (ChaosRun.Record r : o.run.records) {
                b.append("| ").append(o.run.client()).append(" | ").append(++i).append(" | ").append(r.fault).append(" | ")
                        .append(r.detectionMillis < 0 ? "-" : String.valueOf(r.detectionMillis)).append(" | ")
                        .append(r.recoveryMillis < 0 ? "-" : String.valueOf(r.recoveryMillis)).append(" |\n");
            }
        }
        return b.toString();
    }

    Path write() {
        Path file = Layout.target().resolve("chaos").resolve("summary.md");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, format().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String kinds(ChaosOutcome o) {
        Map<Fault.Kind, Integer> counts = new EnumMap<>(Fault.Kind.class);
        o.run.plan().forEach(f -> counts.merge(f.kind, 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((k, n) -> parts.add(k.label() + " " + n));
        return String.join(", ", parts);
    }

    /** Per kind: the median, and the largest when there are several. */
    private static String times(ChaosOutcome o, ToLongFunction<ChaosRun.Record> time) {
        Map<Fault.Kind, List<Long>> byKind = new EnumMap<>(Fault.Kind.class);
        for (ChaosRun.Record r : o.run.records) {
            long t = time.applyAsLong(r);
            if (t >= 0) {
                byKind.computeIfAbsent(r.fault.kind, k -> new ArrayList<>()).add(t);
            }
        }
        List<String> parts = new ArrayList<>();
        byKind.forEach((k, values) -> {
            Collections.sort(values);
            long median = values.get(values.size() / 2);
            parts.add(k.label() + " " + median + (values.size() > 1 ? " (n=" + values.size() + ", max " + values.get(values.size() - 1) + ")" : ""));
        });
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }
}
