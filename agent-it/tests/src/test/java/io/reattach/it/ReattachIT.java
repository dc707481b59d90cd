package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.reattach.it.harness.AgentBean;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Done;
import io.reattach.it.harness.FaultProxy;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Re-attachment where the broker kept the session (issue 11): a session receives from {@code in}, sends a copy to
 * {@code out} and stops before its commit; every connection goes through a {@link FaultProxy}, which resets them all
 * while the broker stays up. On Artemis CORE the client re-attaches to the sessions the broker kept (the agent sets its
 * {@code confirmationWindowSize} and {@code reconnectAttempts}): the commit goes through, the input is not delivered
 * again, nothing arrives twice, and the agent rebuilt nothing. ActiveMQ Classic and Qpid JMS cannot re-attach: the
 * agent builds new sessions, and the application sees what JMS allows for a transaction that received: its commit
 * throws {@code TransactionRolledBackException}, the input comes again, and is forwarded once.
 */
@ExtendWith(TestbedExtension.class)
class ReattachIT {

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void aTransactionThatReceivedAndSentThroughAResetWithTheBrokerUp(Client client, Testbed testbed) {
        Outcome run = resetMidTransaction(client, testbed, Scenarios.FAST_RECONNECT);
        if (OutcomeInDoubtIT.isArtemis(client)) {
            assertTrue(run.rolledBack.isEmpty(), "the re-attached transaction was rolled back: " + run.rolledBack + run.app.tailForMessage());
            assertEquals(1, run.inputs, "the input of the re-attached transaction came again" + run.app.tailForMessage());
            assertEquals(0, run.done.duplicates, run.done + run.app.tailForMessage());
            assertTrue(run.beans.stream().allMatch(b -> b.number("Reconnects") == 0 && b.number("Reattaches") >= 1),
                    "not every connection re-attached without a rebuild: " + run.beans + run.app.tailForMessage());
        } else {
            assertRebuiltAndRolledBack(client, run);
        }
    }

    /**
     * {@code SessionReattach=NO} on Artemis: the client's command buffer stays off, so the broker's sessions are not
     * re-attached, and the same reset is rebuilt as on the providers that cannot re-attach.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.reattach.it.OutcomeInDoubtIT#artemis")
    void withoutSessionReattachArtemisRebuildsAfterAResetWithTheBrokerUp(Client client, Testbed testbed) {
        assertRebuiltAndRolledBack(client, resetMidTransaction(client, testbed, Scenarios.FAST_RECONNECT + ",SessionReattach=NO"));
    }

    /**
     * A stream of non-persistent sends, every other one with a {@code CompletionListener}, from a producer whose
     * connection is reset twice with the broker up. The Artemis client re-attaches and resends from its command buffer
     * what the broker had not confirmed: every message arrives once and in order, and the agent rebuilt nothing. The
     * sends without a listener ask the broker for no response (the agent's {@code ArtemisSendResponses}), so only the
     * broker's confirmations tell the client what to resend.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.reattach.it.OutcomeInDoubtIT#artemis")
    void nonPersistentSendsThroughResetsWithTheBrokerUpArriveOnceAndInOrder(Client client, Testbed testbed) {
        FaultProxy proxy = testbed.proxy(client);
        AppProcess app = testbed.app(client).mode("async").url(Testbed.url(client, proxy)).args(SendBufferIT.RUN)
                .args("--send=mixed", "--delivery=non-persistent", "--consumer-url=" + client.url(testbed.broker(client)),
                        "--destination=" + testbed.destination("q"))
                .withAgent(Scenarios.FAST_RECONNECT).start();
        Done done = Scenarios.assertEverythingReceived(app, SendBufferIT.runThroughResets(testbed, app, proxy));
        assertEquals(SendBufferIT.COUNT, done.sent, "every send returned or completed: " + done + app.tailForMessage());
        assertEquals(0, done.duplicates, "a message arrived twice: " + done + app.tailForMessage());
        assertEquals(0, done.reordered, "a message arrived for the first time after a later one: " + done + app.tailForMessage());
        assertEquals(0, done.sendFailures + done.completionErrors, "a send failed: " + done + app.tailForMessage());
        AgentBean producer = AgentBean.through(app, proxy);
        assertTrue(producer.number("Reconnects") == 0 && producer.number("Reattaches") >= 1,
                "the producer did not re-attach without a rebuild: " + producer + app.tailForMessage());
    }

    /** What the application saw of one reset in the middle of its transaction. */
    private record Outcome(AppProcess app, Done done, long inputs, List<String> rolledBack, List<AgentBean> beans) {
    }

    /**
     * Forwards six inputs, one transaction each, pausing before the third's commit; resets every connection there with
     * the broker up, then lets it finish. Every input is forwarded, and the interrupted one's copy arrives once.
     */
    private static Outcome resetMidTransaction(Client client, Testbed testbed, String agentArgs) {
        FaultProxy proxy = testbed.proxy();
        AppProcess app = testbed.app(client).url(Testbed.url(client, proxy)).withAgent(agentArgs).mode("tx")
                .args(TransactionIT.RUN).args("--tx=forward", "--count=6", "--pause-at=3", "--destination=" + testbed.destination("q"))
                .start();
        app.awaitLine("TX-PAUSE seq=3", Scenarios.SETUP);
        assertTrue(proxy.reset() >= 3, "the application's connections did not go through the proxy");
        proxy.awaitOpen(3, Scenarios.PROGRESS); // all three back: re-attached or rebuilt
        app.send("go");
        int code = app.awaitExit(Scenarios.FINISH);

        Done done = Scenarios.assertEverythingReceived(app, code);
        assertEquals(6, done.sent, "every input was forwarded: " + done + app.tailForMessage());
        assertTrue(app.linesStartingWith("DUPLICATE 3").stream().noneMatch("DUPLICATE 3"::equals),
                "the interrupted transaction's copy arrived twice: " + done + app.tailForMessage());
        long inputs = app.linesStartingWith("INPUT seq=3").stream().filter("INPUT seq=3"::equals).count();
        return new Outcome(app, done, inputs, app.linesStartingWith("COMMIT-ROLLED-BACK"), AgentBean.of(app));
    }

    /** What JMS allows after a rebuild under a transaction that received: its commit throws, its input comes again. */
    private static void assertRebuiltAndRolledBack(Client client, Outcome run) {
        assertEquals(1, run.rolledBack.size(), "the commit did not throw once: " + run.rolledBack + run.app.tailForMessage());
        assertTrue(run.rolledBack.get(0).startsWith("COMMIT-ROLLED-BACK seq=3 " + client.jmsPackage() + ".TransactionRolledBackException"),
                run.rolledBack.get(0));
        assertEquals(2, run.inputs, "the input of the rolled-back transaction did not come again" + run.app.tailForMessage());
        assertTrue(run.beans.stream().allMatch(b -> b.number("Reconnects") >= 1 && b.number("Reattaches") == 0), run.beans.toString());
    }
}
