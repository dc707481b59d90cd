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
 * rebuilds the connection after the restart, the new connection is reset again in the middle of it. Every call
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

    /** The client's chunk at which the rebuilt connection is reset: after the connect, among the sessions. */
    static final int RESET_AT_CHUNK = 6;

    static final int COUNT = 10;

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void everyCallOfUnknownOutcomeCompletesAndASecondFailureDuringTheRebuildIsSurvived(Client client, Testbed testbed) {
        boolean artemis = isArtemis(client);
        Run run = run(client, testbed, "", AGENT + (artemis ? ",DuplicateDetection=YES" : ""));
        if (artemis) {
            assertEquals(0, run.done.duplicates, "Artemis: each send or commit of unknown outcome exactly once: " + run.done
                    + run.app.tailForMessage());
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
        Run run = run(client, testbed, "?confirmationWindowSize=1048576", AGENT + ",DuplicateDetection=YES");
        assertEquals(0, run.done.duplicates, "replayed copies were not dropped: " + run.done + run.app.tailForMessage());
        assertEquals(0, run.producer.number("Reattaches"), "the client re-attached by itself: " + run.producer);
        assertTrue(run.producer.number("ReplayedSends") >= 1, "nothing was replayed: " + run.producer + run.app.tailForMessage());
    }

    static Stream<Client> artemis() {
        return Client.selected().filter(OutcomeInDoubtIT::isArtemis);
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

    private static Run run(Client client, Testbed testbed, String urlOptions, String agent) {
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
        broker.kill();
        proxy.failNextConnections(1, RESET_AT_CHUNK);
        broker.start();
        app.send("go");
        int code = app.awaitExit(Scenarios.FINISH);

        Run run = new Run();
        run.app = app;
        run.done = Scenarios.assertEverythingReceived(app, code);
        assertEquals(COUNT + 1, run.done.sent, "every step's call returned: " + run.done + app.tailForMessage());
        List<String> created = app.linesStartingWith("CREATED-RECEIVED ");
        assertEquals(List.of("CREATED-RECEIVED 4", "CREATED-RECEIVED " + (COUNT + 1)), created,
                "the session and consumer created while a reply was lost work, also after the rebuild" + app.tailForMessage());
        assertEquals(0, proxy.connectionsToFail(), "the rebuilt connection was not reset" + app.tailForMessage());
        run.producer = AgentBean.through(app, proxy);
        assertEquals("CONNECTED", run.producer.text("State"), run.producer.toString());
        assertTrue(run.producer.number("Reconnects") + run.producer.number("Reattaches") >= 4,
                "fewer recoveries than failures: " + run.producer + app.tailForMessage());
        return run;
    }
}
