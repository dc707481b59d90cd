package io.reattach.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.reattach.broker.Broker;

/** Steps and checks that several scenarios share. */
public final class Scenarios {

    /** Agent settings that keep reconnects quick: a 200-300 ms delay, give up after 30 s. */
    public static final String FAST_RECONNECT = "ReconDelay=(200,100),MQReconnectTimeout=30";

    /** How long the application may take to start and set up (JVM, agent, connections). */
    public static final Duration SETUP = Duration.ofSeconds(45);

    /** Time for progress while the broker is down or just restarted: well under the 30 s reconnect timeout. */
    public static final Duration PROGRESS = Duration.ofSeconds(60);

    /** How long an application may take to finish. */
    public static final Duration FINISH = Duration.ofSeconds(90);

    /** Application arguments of the kill scenarios: 80 persistent messages, one every 20 ms. */
    public static final String[] KILL_RUN = {"--count=80", "--interval-ms=20", "--drain-ms=20000",
        "--max-runtime-s=150"};

    /** The sequence numbers after whose send the broker is killed. */
    public static final int[] KILL_AT = {20, 50};

    private Scenarios() {
    }

    /**
     * Waits until the application is set up, then kills the broker with SIGKILL after {@code SENT n} for each n of
     * {@link #KILL_AT}, restarting it on the same journal each time, and returns the application's exit code.
     */
    public static int killTwiceWhileSending(Testbed testbed, AppProcess app) {
        Broker broker = testbed.broker(app.client());
        app.awaitLine("READY", SETUP);
        for (int at : KILL_AT) {
            app.awaitLine("SENT " + at, PROGRESS);
            broker.kill();
            broker.start();
        }
        return app.awaitExit(FINISH);
    }

    /**
     * The baseline without the agent: kills the broker once after the first of {@link #KILL_AT}, restarts it, and
     * returns the exit code of the application, which has no reconnect logic and must give up.
     */
    public static int killOnceWithoutAgent(Testbed testbed, AppProcess app) {
        Broker broker = testbed.broker(app.client());
        app.awaitLine("READY", SETUP);
        app.awaitLine("SENT " + KILL_AT[0], PROGRESS);
        broker.kill();
        broker.start();
        return app.awaitExit(FINISH);
    }

    /**
     * Asserts what "survives" means for a producer/consumer run: exit code 0, no exception reached the application,
     * every message whose send returned was received (duplicates are allowed and only reported).
     */
    public static Done assertEverythingReceived(AppProcess app, int exitCode) {
        List<String> exceptions = app.linesStartingWith("APP-EXCEPTION");
        assertTrue(exceptions.isEmpty(), "the application saw an exception: " + exceptions + app.tailForMessage());
        assertEquals(0, exitCode, "exit code" + app.tailForMessage());
        Done done = app.done();
        assertEquals(0, done.missing, "persistent messages were lost: " + done + app.tailForMessage());
        assertTrue(done.sent > 0, "nothing was sent: " + done);
        if (done.duplicates > 0) {
            System.out.println("[" + app.name() + "] duplicates (allowed): " + done);
        }
        return done;
    }

    /** Asserts that a run without the agent did not survive: an exception, or messages missing, and a failed exit. */
    public static void assertAppGaveUp(AppProcess app, int exitCode) {
        assertNotEquals(0, exitCode, "without the agent the application completed: the test does not bite"
                + app.tailForMessage());
        boolean exception = !app.linesStartingWith("APP-EXCEPTION").isEmpty();
        boolean incomplete = app.firstLineStartingWith("DONE ").map(Done::parse).map(d -> d.missing > 0)
                .orElse(false);
        if (!exception && !incomplete) {
            fail("without the agent the application exited with " + exitCode
                    + " but neither saw an exception nor lost messages" + app.tailForMessage());
        }
    }

    /** The error codes of the application's listener events. */
    public static List<String> codes(List<Event> events) {
        return events.stream().map(e -> e.code).collect(Collectors.toList());
    }
}
