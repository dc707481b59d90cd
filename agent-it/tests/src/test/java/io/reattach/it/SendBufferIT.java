package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.reattach.broker.BrokerProcess;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Done;
import io.reattach.it.harness.FaultProxy;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Send-buffer scenarios 2, 3, 4 and 7: asynchronous sends through connection resets. The producer connects through a
 * {@link FaultProxy} that drops every connection twice while the broker stays up; the consumer connects to the broker
 * directly. Non-persistent sends (and, with {@code --send=mixed}, every other one with a {@code CompletionListener})
 * have no outcome when the connection drops: the confirmation window is what protects them.
 */
@ExtendWith(TestbedExtension.class)
class SendBufferIT {

    static final int COUNT = 600;
    /** The proxy drops every connection after these sends. */
    static final int[] RESET_AT = {200, 400};
    static final String[] RUN = {"--count=" + COUNT, "--interval-ms=2", "--delivery=non-persistent",
        "--drain-ms=4000", "--max-runtime-s=90"};

    private static final String REPLAYED = ".*connection #\\d+ \\([^)]*\\): replayed (\\d+) unconfirmed send\\(s\\), (\\d+) bytes, in order; "
            + "send buffer: (\\d+) message\\(s\\), (\\d+) bytes, high-water (\\d+) of (\\d+) bytes; replayed (\\d+), "
            + "dropped from protection (\\d+), duplicate ids stamped (\\d+).*";

    /** Runs the async mode through the proxy, resetting it after each of {@link #RESET_AT}; returns the exit code. */
    private static int runThroughResets(Testbed testbed, AppProcess app, FaultProxy proxy) {
        app.awaitLine("READY", Scenarios.SETUP);
        for (int at : RESET_AT) {
            app.awaitLine("(SENT |SEND-FAILED seq=)" + at + "( .*)?", Scenarios.PROGRESS);
            assertTrue(proxy.reset() > 0, "the producer's connection did not go through the proxy");
        }
        return app.awaitExit(Scenarios.FINISH);
    }

    private static AppProcess.Builder asyncApp(Testbed testbed, Client client, FaultProxy proxy, String send) {
        return testbed.app(client).mode("async").url(Testbed.url(client, proxy))
                .args(RUN).args("--send=" + send, "--consumer-url=" + client.url(testbed.broker()),
                        "--destination=" + testbed.destination("q"));
    }

    private static long sum(List<Matcher> lines, int group) {
        return lines.stream().mapToLong(m -> Long.parseLong(m.group(group))).sum();
    }

    /**
     * Scenarios 2 and 3: with the default window every message whose send returned (or completed) arrives at least
     * once, and first arrivals keep the order of the sends; with {@code ConfirmationWindowSize=-1} nothing is replayed
     * and messages in flight may be lost: both runs' figures are printed side by side.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void withTheWindowEveryAsynchronousSendArrivesInOrderWithoutItSomeMayBeLost(Client client, Testbed testbed) {
        FaultProxy proxy = testbed.proxy();
        AppProcess app = asyncApp(testbed, client, proxy, "mixed").withAgent(Scenarios.FAST_RECONNECT).start();
        int code = runThroughResets(testbed, app, proxy);
        Done done = Scenarios.assertEverythingReceived(app, code);
        assertEquals(COUNT, done.sent, "every send returned or completed: " + done + app.tailForMessage());
        assertEquals(0, done.reordered, "a message arrived for the first time after a later one: " + done + app.tailForMessage());
        assertEquals(0, done.sendFailures + done.completionErrors, "a send failed: " + done + app.tailForMessage());
        assertTrue(proxy.accepted() >= 3, "the producer did not reconnect through the proxy twice: " + proxy.accepted());
        List<Matcher> replays = app.errLinesMatching(REPLAYED);
        assertTrue(sum(replays, 1) > 0, "nothing was replayed" + app.tailForMessage());
        boolean unsupported = !app.linesStartingWith("COMPLETION-UNSUPPORTED").isEmpty();
        assertEquals(client == Client.CLASSIC5 || client == Client.CLASSIC6, unsupported,
                "only ActiveMQ Classic refuses CompletionListener sends" + app.tailForMessage());

        FaultProxy proxy2 = testbed.proxy();
        AppProcess noReplay = asyncApp(testbed, client, proxy2, "mixed")
                .withAgent(Scenarios.FAST_RECONNECT + ",ConfirmationWindowSize=-1").start();
        int code2 = runThroughResets(testbed, noReplay, proxy2);
        assertTrue(noReplay.linesStartingWith("APP-EXCEPTION").isEmpty(), "an exception escaped" + noReplay.tailForMessage());
        assertTrue(code2 == 0 || code2 == 2, "exit code " + code2 + noReplay.tailForMessage());
        Done without = noReplay.done();
        assertTrue(noReplay.errLinesMatching(REPLAYED).isEmpty(), "replayed with ConfirmationWindowSize=-1" + noReplay.tailForMessage());
        System.out.printf("[%s] %d async sends, 2 connection resets: default window: missing=%d duplicates=%d replayed=%d; "
                + "ConfirmationWindowSize=-1: missing=%d duplicates=%d failed sends=%d completion errors=%d%n",
                client, COUNT, done.missing, done.duplicates, sum(replays, 1), without.missing, without.duplicates,
                without.sendFailures, without.completionErrors);
    }

    /**
     * Scenario 4: Artemis CORE with {@code DuplicateDetection=YES}: the replays (which include sends the broker had
     * stored) carry the id of the first attempt, the broker drops them, and the consumer sees each message once.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource("artemis")
    void withDuplicateDetectionTheBrokerDropsReplayedDuplicates(Client client, Testbed testbed) {
        FaultProxy proxy = testbed.proxy();
        AppProcess app = asyncApp(testbed, client, proxy, "plain")
                .withAgent(Scenarios.FAST_RECONNECT + ",DuplicateDetection=YES").start();
        int code = runThroughResets(testbed, app, proxy);
        Done done = Scenarios.assertEverythingReceived(app, code);
        List<Matcher> replays = app.errLinesMatching(REPLAYED);
        long replayed = sum(replays, 1);
        assertTrue(replayed >= RESET_AT[0], "the replay did not include sends the broker had stored: replayed " + replayed
                + app.tailForMessage());
        assertEquals(0, done.duplicates, "the broker let replayed duplicates through: " + done + app.tailForMessage());
        assertEquals(0, done.reordered, done.toString());
        long stamped = Long.parseLong(replays.get(replays.size() - 1).group(9));
        assertTrue(stamped >= RESET_AT[1], "duplicate ids stamped: " + stamped);
        System.out.printf("[%s] duplicate detection: %d sends replayed, %d duplicates received%n", client, replayed, done.duplicates);
    }

    /**
     * Scenarios 2 and 3 with the JMS 2.0 simplified API: non-persistent sends through a new {@code JMSProducer} of a
     * {@code JMSContext} each time; the window replays them on a producer rebuilt from the new context.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void jmsProducerSendsAreReplayedToo(Client client, Testbed testbed) {
        FaultProxy proxy = testbed.proxy();
        AppProcess app = asyncApp(testbed, client, proxy, "plain").args("--api=context")
                .withAgent(Scenarios.FAST_RECONNECT).start();
        int code = runThroughResets(testbed, app, proxy);
        Done done = Scenarios.assertEverythingReceived(app, code);
        assertEquals(COUNT, done.sent, done + app.tailForMessage());
        assertEquals(0, done.reordered, done + app.tailForMessage());
        assertTrue(sum(app.errLinesMatching(REPLAYED), 1) > 0, "nothing was replayed" + app.tailForMessage());
    }

    static java.util.stream.Stream<Client> artemis() {
        return Client.selected().filter(c -> c == Client.ARTEMIS_JAVAX || c == Client.ARTEMIS_JAKARTA);
    }

    /**
     * Scenario 7: a sustained non-persistent load with a small window ({@value #WINDOW} bytes) through a connection
     * reset: the agent's own counters (its log line after the replay) never show more than the window.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void theWindowNeverHoldsMoreThanItsSize(Client client, Testbed testbed) {
        FaultProxy proxy = testbed.proxy();
        AppProcess app = asyncApp(testbed, client, proxy, "plain")
                .withAgent(Scenarios.FAST_RECONNECT + ",ConfirmationWindowSize=" + WINDOW).start();
        int code = runThroughResets(testbed, app, proxy);
        assertTrue(app.linesStartingWith("APP-EXCEPTION").isEmpty(), "an exception escaped" + app.tailForMessage());
        assertTrue(code == 0 || code == 2, "exit code " + code + app.tailForMessage());
        List<Matcher> replays = app.errLinesMatching(REPLAYED);
        assertFalse(replays.isEmpty(), "no replay" + app.tailForMessage());
        for (Matcher m : replays) {
            long bytes = Long.parseLong(m.group(4));
            long highWater = Long.parseLong(m.group(5));
            assertEquals(WINDOW, Long.parseLong(m.group(6)), m.group());
            assertTrue(bytes <= WINDOW && highWater <= WINDOW, "the window grew past its size: " + m.group());
            assertTrue(Long.parseLong(m.group(2)) <= WINDOW, "replayed more than the window: " + m.group());
        }
        Matcher last = replays.get(replays.size() - 1);
        assertTrue(Long.parseLong(last.group(8)) > 0, "the load never filled the window: " + last.group());
        assertTrue(Long.parseLong(last.group(5)) > WINDOW / 2, "the window was hardly used: " + last.group());
        assertFalse(app.errLinesMatching(".*confirmation window \\(" + WINDOW + " bytes\\) is full.*").isEmpty(),
                "the full window was not logged" + app.tailForMessage());
    }

    static final long WINDOW = 20_000;
}
