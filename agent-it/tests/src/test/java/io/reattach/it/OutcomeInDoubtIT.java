package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.reattach.broker.BrokerProcess;
import io.reattach.it.harness.AgentBean;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Done;
import io.reattach.it.harness.FaultProxy;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Outcomes in doubt (issue 11): the broker did what the client asked, and the connection died before the answer came.
 * The application ({@code --mode=doubt}) works through a {@link FaultProxy}, its listener consumer directly; before
 * each step the test arms {@link FaultProxy#dropNextReply()}: the step's command reaches the broker, its reply is
 * dropped and the connection reset. Steps: a persistent send, a commit of a transaction that sent two messages, and the
 * application's own {@code createSession} and {@code createConsumer}. Then the broker is killed, and while the agent
 * rebuilds the connection's objects after the restart (slowed by 300 ms of latency each way), the new connection is
 * reset in the middle of it. Every call
 * returns, every message arrives, the objects created late work. A send or commit of unknown outcome is made again:
 * at least once, duplicates counted; exactly once on Artemis (its own re-attachment resends only what the broker did
 * not confirm, and with {@code DuplicateDetection=YES} the broker drops the agent's replayed copies).
 */
@ExtendWith(TestbedExtension.class)
class OutcomeInDoubtIT {

    /**
     * The default StallTimeout: a heartbeat may now and then be the command whose reply is dropped instead of the
     * step's own; the connection is reset either way, and what is asserted holds either way.
     */
    static final String AGENT = Scenarios.FAST_RECONNECT + ",LogLevel=DEBUG";

    /** The application's second connection, the producer's, goes through the proxy (the consumer's is direct). */
    static final int PROXIED = 2;

    static final int COUNT = 10;

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void everyCallOfUnknownOutcomeCompletesAndASecondFailureDuringTheRebuildIsSurvived(Client client, Testbed testbed) {
        boolean artemis = isArtemis(client);
        Run run = run(client, testbed, "", AGENT + (artemis ? ",DuplicateDetection=YES" : ""), true);
        if (artemis) {
            // Messages 1 to 3 are those whose reply was lost. Another can come again after the broker kill: a message
            // received just before it whose acknowledgement the broker had not stored (a redelivery, as always).
            for (int seq = 1; seq <= 3; seq++) {
                assertFalse(run.app.linesStartingWith("DUPLICATE " + seq).contains("DUPLICATE " + seq),
                        "Artemis: the send or commit of message " + seq + " was not exactly once: " + run.done + run.app.tailForMessage());
            }
        } else {
            System.out.printf("[%s] outcomes in doubt: %d duplicate(s) of %d messages (at least once): %s%n", client,
                    run.done.duplicates, run.done.sent, run.app.linesStartingWith("DUPLICATE "));
        }
        if (!artemis) {
            // The Artemis client re-attaches by itself when the rebuilt connection breaks: the agent sees nothing.
            assertFalse(run.app.errLinesMatching(".*the new provider connection failed while its objects were being rebuilt.*").isEmpty(),
                    "the second reset did not hit the rebuild" + run.app.tailForMessage());
        }
    }

    /**
     * Artemis without its own re-attachment (the application chose its own {@code confirmationWindowSize}, so the agent
     * leaves {@code reconnectAttempts} at 0): the agent replays what had no answer, with the duplicate-detection id of
     * the first attempt, and the broker drops the copies it had stored.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource("artemis")
    void artemisWithoutReattachmentDropsTheReplayedCopies(Client client, Testbed testbed) {
        Run run = run(client, testbed, "?confirmationWindowSize=1048576", AGENT + ",DuplicateDetection=YES", false);
        for (int seq = 1; seq <= 3; seq++) {
            assertFalse(run.app.linesStartingWith("DUPLICATE " + seq).contains("DUPLICATE " + seq),
                    "the replayed copy of message " + seq + " was not dropped: " + run.done + run.app.tailForMessage());
        }
        assertEquals(0, run.producer.number("Reattaches"), "the client re-attached by itself: " + run.producer);
        assertTrue(run.producer.number("ReplayedSends") >= 1, "nothing was replayed: " + run.producer + run.app.tailForMessage());
    }

    static Stream<Client> artemis() {
        return Client.selected().filter(OutcomeInDoubtIT::isArtemis);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static boolean isArtemis(Client client) {
        return client == Client.ARTEMIS_JAVAX || client == Client.ARTEMIS_JAKARTA;
    }

    /** What one run left to assert. */
    private static final class Run {
        AppProcess app;
        Done done;
        AgentBean producer;
    }

    /** @param secondFailure whether the rebuild step kills the broker and resets the rebuild, or only goes on */
    private static Run run(Client client, Testbed testbed, String urlOptions, String agent, boolean secondFailure) {
        BrokerProcess broker = testbed.broker();
        FaultProxy proxy = testbed.proxy();
        AppProcess app = testbed.app(client).mode("doubt").url(Testbed.url(client, proxy) + urlOptions).withAgent(agent)
                .args("--count=" + COUNT, "--interval-ms=50", "--drain-ms=10000", "--max-runtime-s=150",
                        "--consumer-url=" + client.url(broker), "--destination=" + testbed.destination("q"))
                .start();
        int dropped = 0;
        for (String step : new String[]{"send", "commit", "create"}) {
            app.awaitLine("STEP " + step, dropped == 0 ? Scenarios.SETUP : Scenarios.PROGRESS);
            proxy.dropNextReply();
            app.send("go");
            proxy.awaitReplyDropped(++dropped, Duration.ofSeconds(20));
        }
        app.awaitLine("STEP rebuild", Scenarios.PROGRESS);
        if (secondFailure) {
            failDuringTheRebuild(app, broker, proxy);
        } else {
            app.send("go");
        }
        int code = app.awaitExit(Scenarios.FINISH);

        Run run = new Run();
        run.app = app;
        run.done = Scenarios.assertEverythingReceived(app, code);
        assertEquals(COUNT + 1, run.done.sent, "every step's call returned: " + run.done + app.tailForMessage());
        List<String> created = app.linesStartingWith("CREATED-RECEIVED ");
        assertEquals(List.of("CREATED-RECEIVED 4", "CREATED-RECEIVED " + (COUNT + 1)), created,
                "the session and consumer created while a reply was lost work, also after the rebuild" + app.tailForMessage());
        run.producer = AgentBean.through(app, proxy);
        assertEquals("CONNECTED", run.producer.text("State"), run.producer.toString());
        assertTrue(run.producer.number("Reconnects") + run.producer.number("Reattaches") >= 1,
                "no recovery counted: " + run.producer + app.tailForMessage());
        return run;
    }

    private static void failDuringTheRebuild(AppProcess app, BrokerProcess broker, FaultProxy proxy) {
        // The broker is killed and restarted. With 300 ms more each way, the agent's rebuild of the proxied
        // connection's sessions, producers and consumers takes a few seconds; the proxy is reset in the middle of it.
        proxy.latency(Duration.ofMillis(300));
        broker.kill();
        int from = app.errLineCount();
        broker.start();
        app.send("go");
        app.awaitErrLine(from, ".*connection #" + PROXIED + " \\([^)]*\\): new provider connection; rebuilding its objects.*", Scenarios.PROGRESS);
        sleep(200);
        proxy.reset();
        app.awaitErrLine(from, ".*connection #" + PROXIED + " \\([^)]*\\): (reconnected after|the ActiveMQ Artemis client re-attached).*", Scenarios.PROGRESS);
        proxy.latency(Duration.ZERO);
    }
}
