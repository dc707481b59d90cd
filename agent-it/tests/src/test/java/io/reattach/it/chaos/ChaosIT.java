package io.reattach.it.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.reattach.it.harness.AgentBean;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * The chaos suite (issue 11): for each client, continuous traffic on four streams (persistent, non-persistent,
 * transacted, and a {@code CLIENT_ACKNOWLEDGE} consumer's; listeners and {@code receive} loops) while faults come at
 * random moments: the broker killed and restarted, connections reset, stalled, refused, slowed, a reply dropped. A
 * client is added to it by adding it to {@link Client}.
 *
 * <p>Seeded: {@code -Dreattach.chaos.seed=N} replays a run's plan (the seed is printed, and heads the summary);
 * {@code -Dreattach.chaos.faults=N} faults per client (3 in the default build, where across the six clients every kind
 * comes at least once; {@code mvn -B verify -Pchaos} runs this class alone with 24 each). After each client's run:
 * every persistent message sent was received; without a broker kill, every non-persistent one too; each duplicate came
 * across a fault that broke a connection; the application saw no exception and its listener no event; the agent's
 * status counters (reconnects and re-attachments) match the faults, and its log; a stall was found within the
 * StallTimeout and a margin. The summary: {@code agent-it/tests/target/chaos/summary.md}.
 */
@ExtendWith(TestbedExtension.class)
class ChaosIT {

    static final long SEED = Long.getLong("reattach.chaos.seed", System.currentTimeMillis());
    static final int FAULTS = Integer.getInteger("reattach.chaos.faults", 3);
    static final long STALL_TIMEOUT = 10_000;
    /** The agent's defaults but a quick reconnect, and duplicate ids (which only Artemis uses to drop copies). */
    static final String AGENT = Scenarios.FAST_RECONNECT + ",DuplicateDetection=YES,StallTimeout=" + STALL_TIMEOUT;

    private static final ChaosReport REPORT = new ChaosReport(SEED, FAULTS);

    @BeforeAll
    static void announce() {
        System.out.println("chaos seed " + SEED + ", " + FAULTS + " faults per client (-Dreattach.chaos.seed=" + SEED + " replays it)");
    }

    @AfterAll
    static void summarize() {
        System.out.println(REPORT.format());
        System.out.println("chaos summary written to " + REPORT.write());
    }

    /** Longer than the suite's 4 minutes: a long run is 24 faults; every wait within it is bounded on its own. */
    @Timeout(value = 45, unit = TimeUnit.MINUTES)
    @Tag("agent")
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.reattach.it.harness.Client#ofEmbeddedBroker")
    void nothingPersistentIsLostWhateverTheNetworkAndTheBrokerDo(Client client, Testbed testbed) {
        // The six clients of the embedded broker, whose kill and restart the plan includes; RabbitMQ is not in it yet.
        List<Client> clients = Client.ofEmbeddedBroker().collect(Collectors.toList());
        List<Fault> plan = ChaosPlan.of(SEED, FAULTS, clients.indexOf(client));
        System.out.println("[" + client + "] chaos plan: " + plan);
        ChaosRun run = new ChaosRun(client, testbed, plan, AGENT);
        try {
            run.run();
        } finally {
            if (run.app != null && run.app.firstLineStartingWith("EXIT").isPresent()) {
                REPORT.add(new ChaosOutcome(run));
            }
        }
        ChaosOutcome o = new ChaosOutcome(run);
        String tail = run.app.tailForMessage();
        assertTrue(o.exceptions.isEmpty(), "[" + client + "] the application saw exceptions: " + o.exceptions + tail);
        assertEquals(4, o.streams.size(), "[" + client + "] not every stream reported: " + o.streams.keySet() + tail);
        assertEquals(0, o.persistentLost(), "[" + client + "] persistent messages lost: " + lines(o) + tail);
        if (!o.hadKill()) {
            assertEquals(0, o.nonPersistentLost(), "[" + client + "] non-persistent messages lost without a broker kill: " + lines(o) + tail);
        }
        assertEquals(0, run.exitCode, "[" + client + "] exit code" + tail);
        assertTrue(o.unexplainedDuplicates.isEmpty(), "[" + client + "] duplicates with no fault that broke a connection before them: "
                + o.unexplainedDuplicates + tail);
        assertEquals(o.expectedRecoveries(), o.beanRecoveries(), "[" + client + "] the agent's counters (Reconnects + Reattaches) do not"
                + " match the faults: a false detection, or a recovery missed: " + o.beans + tail);
        for (AgentBean bean : o.beans) {
            assertEquals("CONNECTED", bean.text("State"), bean.toString());
            long logged = run.recoveriesByConnection().getOrDefault((int) bean.number("Id"), 0);
            assertEquals(logged, bean.number("Reconnects") + bean.number("Reattaches"), "[" + client + "] the bean and the log disagree: "
                    + bean + tail);
        }
        for (ChaosRun.Record r : run.records) {
            if (r.fault.kind == Fault.Kind.STALL) {
                assertTrue(r.detectionMillis >= 0 && r.detectionMillis <= STALL_TIMEOUT + 5000,
                        "[" + client + "] a stall was found after " + r.detectionMillis + " ms, StallTimeout " + STALL_TIMEOUT + tail);
            }
        }
    }

    private static String lines(ChaosOutcome o) {
        return o.streams.values().stream().map(s -> s.line).collect(Collectors.joining("; "));
    }
}
