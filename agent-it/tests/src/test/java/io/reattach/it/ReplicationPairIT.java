package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.reattach.broker.BrokerProcess;
import io.reattach.broker.EmbeddedBroker;
import io.reattach.broker.FreePort;
import io.reattach.broker.ReplicationPair;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Done;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * An ActiveMQ Artemis replication pair (issue 12): two broker JVMs, the project's own configuration
 * ({@link ReplicationPair}), the backup allowing fail-back. The application's URL names the primary; the agent's
 * {@code ConnectionNameList} names both, and nothing else is configured. The primary is killed with SIGKILL: the
 * application goes on with the backup. The primary is started again and takes over: the application follows it back.
 * No persistent message is lost, and at each transition every connection is back within {@code ReconDelay} of the
 * moment the new active broker accepts: no provider wait (an Artemis factory's {@code retryInterval} between the
 * connectors of its HA topology) is added to the agent's delays.
 */
@ExtendWith(TestbedExtension.class)
class ReplicationPairIT {

    /** The agent's schedule: each reconnect attempt 200 to 300 ms after the previous one. */
    private static final long MAX_DELAY_MILLIS = 300;
    private static final String AGENT = "ReconDelay=(200,100),MQReconnectTimeout=30,ExceptionListenerEvents=ALL,LogLevel=DEBUG";
    /**
     * What a reconnect may take beyond its delay once the broker accepts: the connect and the rebuilt session and
     * consumer or producer, on a loaded 2-core machine. Less than the 2 s an Artemis factory used to wait.
     */
    private static final long REBUILD_SLACK_MILLIS = 1000;
    /** A failed attempt is refused connects on loopback: far below the factory's 2 s wait that it must not contain. */
    private static final long FAILED_ATTEMPT_MAX_MILLIS = 1000;
    private static final Duration TAKE_OVER = Duration.ofSeconds(30);
    private static final int COUNT = 80;

    private static BrokerProcess primary;
    private static BrokerProcess backup;

    @AfterAll
    static void stopThePair() {
        for (BrokerProcess b : new BrokerProcess[]{backup, primary}) {
            if (b != null) {
                b.kill();
            }
        }
    }

    /** Both brokers running, the primary active and the backup's replica in sync: ready for a kill. */
    private static synchronized void pairReady(Testbed testbed) throws InterruptedException {
        if (primary == null) {
            int primaryPort = FreePort.find();
            int backupPort = FreePort.find();
            primary = member(testbed, ReplicationPair.Role.PRIMARY, primaryPort, backupPort);
            backup = member(testbed, ReplicationPair.Role.BACKUP, backupPort, primaryPort);
        }
        if (!primary.isRunning()) {
            primary.start();
        }
        if (!backup.isRunning()) {
            backup.start();
        }
        long deadline = System.nanoTime() + TAKE_OVER.toNanos();
        // In sync once more often than it became active: after a fail-back the backup copies the journal again.
        while (backup.countOutput(EmbeddedBroker.IN_SYNC_PREFIX + backup.port()) <= backup.countOutput(EmbeddedBroker.ACTIVE_PREFIX + backup.port())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the backup's replica is not in sync:\n" + backup.logTail(30));
            }
            Thread.sleep(20);
        }
    }

    private static BrokerProcess member(Testbed testbed, ReplicationPair.Role role, int port, int peerPort) {
        String name = role.argument();
        return BrokerProcess.builder().port(port).replication(role, peerPort)
                .dataDir(testbed.dir().getParent().resolve(name + "-data"))
                .logFile(testbed.dir().getParent().resolve(name + ".log"))
                .build();
    }

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void theApplicationFollowsTheActiveBrokerToTheBackupAndBack(Client client, Testbed testbed) throws Exception {
        pairReady(testbed);
        String list = "ConnectionNameList=127.0.0.1(" + primary.port() + "),127.0.0.1(" + backup.port() + ")";
        AppProcess app = testbed.app(client, client.url(primary)).withAgent(AGENT + "," + list).mode("queue")
                .args("--count=" + COUNT, "--interval-ms=100", "--drain-ms=5000", "--max-runtime-s=150",
                        "--destination=" + testbed.destination("q"))
                .start();
        app.awaitLine("READY", Scenarios.SETUP);

        app.awaitLine("SENT 15", Scenarios.PROGRESS);
        String active = EmbeddedBroker.ACTIVE_PREFIX + backup.port();
        int activations = backup.countOutput(active); // the backup runs on from test to test
        primary.kill();
        long backupActive = backup.awaitOutput(active, activations + 1, TAKE_OVER);
        List<Long> failOver = reconnectedAfter(app, 1, backupActive);

        app.awaitLine("SENT 35", Scenarios.PROGRESS);
        primary.start(); // returns once the primary is active: the backup has failed back
        long primaryActive = System.nanoTime();
        List<Long> failBack = reconnectedAfter(app, 2, primaryActive);

        int code = app.awaitExit(Scenarios.FINISH);
        Done done = Scenarios.assertEverythingReceived(app, code);
        assertEquals(COUNT, done.sent, done + app.tailForMessage());
        for (long gap : concat(failOver, failBack)) {
            assertTrue(gap <= MAX_DELAY_MILLIS + REBUILD_SLACK_MILLIS, "a connection came back " + gap + " ms after the"
                    + " new active broker accepted and the connection was lost; ReconDelay allows " + MAX_DELAY_MILLIS + " ms (plus "
                    + REBUILD_SLACK_MILLIS + " ms to rebuild): fail-over " + failOver + ", fail-back " + failBack + app.tailForMessage());
        }
        List<Long> failedAttempts = failedAttemptDurations(app);
        for (long millis : failedAttempts) {
            assertTrue(millis <= FAILED_ATTEMPT_MAX_MILLIS, "a failed reconnect attempt took " + millis + " ms beyond its"
                    + " delay: a provider wait was added to ReconDelay; all: " + failedAttempts + app.tailForMessage());
        }
        System.out.println("[" + client + "] back on the backup after " + failOver + " ms, on the primary after " + failBack
                + " ms (from the broker's activation, or the connection's loss if later); failed attempts took " + failedAttempts + " ms; " + done);
    }

    /**
     * Waits until both connections (the application's producer and consumer) announced their {@code n}-th
     * {@code RECONNECTED}; returns, for each, the milliseconds to that event from the later of {@code activeNanos} and
     * the connection's {@code n}-th {@code RECONNECTING}. The agent cannot come back before its connection is lost: on
     * fail-back a backup may hold its clients' connections for seconds after the primary is active again (seen with
     * ActiveMQ Classic 5's OpenWire connections), and that is the broker's time, not the agent's.
     */
    private static List<Long> reconnectedAfter(AppProcess app, int n, long activeNanos) throws InterruptedException {
        List<Long> gaps = new ArrayList<>();
        for (String conn : new String[]{"producer", "consumer"}) {
            AppProcess.Line reconnected = nthLine(app, "EVENT RECONNECTED .* conn=" + conn + " .*", n);
            AppProcess.Line lost = nthLine(app, "EVENT RECONNECTING .* conn=" + conn + " .*", n);
            gaps.add(TimeUnit.NANOSECONDS.toMillis(reconnected.nanos() - Math.max(activeNanos, lost.nanos())));
        }
        return gaps;
    }

    private static AppProcess.Line nthLine(AppProcess app, String regex, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Scenarios.PROGRESS.toNanos();
        while (true) {
            List<AppProcess.Line> matching = new ArrayList<>();
            for (AppProcess.Line l : app.lines()) {
                if (l.text().matches(regex)) {
                    matching.add(l);
                }
            }
            if (matching.size() >= n) {
                return matching.get(n - 1);
            }
            if (System.nanoTime() > deadline || !app.isAlive()) {
                throw new AssertionError("no " + n + "th line matching " + regex + app.tailForMessage());
            }
            Thread.sleep(20);
        }
    }

    /**
     * From the agent's DEBUG log: how long each failed reconnect attempt took beyond its delay ("reconnect attempt N in
     * D ms" before the wait, "reconnect attempt N failed" after the attempt).
     */
    private static List<Long> failedAttemptDurations(AppProcess app) {
        Map<String, long[]> started = new HashMap<>(); // "#id attempt" -> {time ms, delay}
        List<Long> durations = new ArrayList<>();
        for (Matcher m : app.errLinesMatching("\\S+ (\\S+) \\[DEBUG\\] reattach - connection (#\\d+) .*: reconnect attempt (\\d+) (in (\\d+) ms|failed: .*)")) {
            long at = LocalTime.parse(m.group(1)).toNanoOfDay() / 1_000_000;
            String key = m.group(2) + " " + m.group(3);
            if (m.group(5) != null) {
                started.put(key, new long[]{at, Long.parseLong(m.group(5))});
            } else {
                long[] s = started.remove(key);
                if (s != null) {
                    durations.add(at - s[0] - s[1]);
                }
            }
        }
        return durations;
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
