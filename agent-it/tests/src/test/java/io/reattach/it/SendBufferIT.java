package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
    static final String[] RUN = {"--count=" + COUNT, "--interval-ms=2", "--drain-ms=4000", "--max-runtime-s=90"};

    /** The agent's log line after a replay. The numbers the tests assert come from the status bean ({@link AgentBean}). */
    private static final String REPLAY_LOGGED = ".*connection #\\d+ \\([^)]*\\): replayed \\d+ unconfirmed send\\(s\\).*";

    /**
     * Fewer bytes than any client's send of a text message, more than any of their heartbeats: a stalled connection
     * that took this much from the client holds a send.
     */
    private static final long A_SEND = 64;

    /**
     * These scenarios are about the agent's window. With the agent's defaults, the Artemis client re-attaches by itself
     * through a reset with the broker up and the window is not needed (ReattachIT); an application that chose its own
     * {@code confirmationWindowSize} keeps its own {@code reconnectAttempts} (0), so the resets come to the agent.
     */
    static final java.util.function.Function<Client, String> WITHOUT_PROVIDER_REATTACHMENT =
            client -> OutcomeInDoubtIT.isArtemis(client) ? "?confirmationWindowSize=1048576" : "";

    /** Runs the async mode through the proxy, resetting it after each of {@link #RESET_AT}; returns the exit code. */
    static int runThroughResets(Testbed testbed, AppProcess app, FaultProxy proxy) {
        app.awaitLine("READY", Scenarios.SETUP);
        for (int at : RESET_AT) {
            app.awaitLine("(SENT |SEND-FAILED seq=)" + at + "( .*)?", Scenarios.PROGRESS);
            assertTrue(proxy.reset() > 0, "the producer's connection did not go through the proxy");
        }
        return app.awaitExit(Scenarios.FINISH);
    }

    /** The async mode: {@code send} plain or mixed, non-persistent, the producer through {@code proxy}. */
    private static AppProcess.Builder asyncApp(Testbed testbed, Client client, FaultProxy proxy, String send) {
        return asyncApp(testbed, client, proxy, send, "non-persistent");
    }

    private static AppProcess.Builder asyncApp(Testbed testbed, Client client, FaultProxy proxy, String send, String delivery) {
        return testbed.app(client).mode("async").url(Testbed.url(client, proxy) + WITHOUT_PROVIDER_REATTACHMENT.apply(client))
                .args(RUN).args("--send=" + send, "--delivery=" + delivery, "--consumer-url=" + client.url(testbed.broker(client)),
                        "--destination=" + testbed.destination("q"));
    }

    /**
     * The window's replay was logged. Not asked of RabbitMQ: it confirms each send within a millisecond, so at these
     * rates its window is often empty at a reset, and what is made again is the send the reset interrupted (counted in
     * {@code ReplayedSends}, which every caller asserts, but not logged as a replay of the window).
     */
    private static void assertReplayLogged(Client client, AppProcess app) {
        if (!client.rabbitMq()) {
            assertFalse(app.errLinesMatching(REPLAY_LOGGED).isEmpty(), "the replay was not logged" + app.tailForMessage());
        }
    }

    /**
     * Scenarios 2 and 3: with the default window every message whose send returned (or completed) arrives at least
     * once, and first arrivals keep the order of the sends. Every message is in one message group, which a replayed
     * copy must keep ({@code JMSXGroupID}, {@code JMSXGroupSeq}): one that arrives without it does not count.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.EVERY_CLIENT)
    void withTheWindowEveryAsynchronousSendArrivesInOrder(Client client, Testbed testbed) {
        FaultProxy proxy = testbed.proxy(client);
        AppProcess app = asyncApp(testbed, client, proxy, "mixed").args("--group=orders") // a replay keeps the message group
                .withAgent(Scenarios.FAST_RECONNECT).start();
        int code = runThroughResets(testbed, app, proxy);
        Done done = Scenarios.assertEverythingReceived(app, code);
        assertEquals(COUNT, done.sent, "every send returned or completed: " + done + app.tailForMessage());
        assertEquals(0, done.reordered, "a message arrived for the first time after a later one: " + done + app.tailForMessage());
        assertEquals(0, done.sendFailures + done.completionErrors, "a send failed: " + done + app.tailForMessage());
        assertTrue(proxy.accepted() >= 3, "the producer did not reconnect through the proxy twice: " + proxy.accepted());
        AgentBean producer = AgentBean.through(app, proxy);
        assertTrue(producer.number("ReplayedSends") > 0, "nothing was replayed: " + producer + app.tailForMessage());
        assertReplayLogged(client, app);
        boolean unsupported = !app.linesStartingWith("COMPLETION-UNSUPPORTED").isEmpty();
        assertEquals(client == Client.CLASSIC5 || client == Client.CLASSIC6, unsupported,
                "only ActiveMQ Classic refuses CompletionListener sends" + app.tailForMessage());
    }

    /**
     * Scenario 3, {@code ConfirmationWindowSize=-1}: persistent (synchronous) sends; twice the producer's connection is
     * stalled (nothing passes either way) until it holds the next send's request, so that the send waits for an answer,
     * and then reset. That send throws the provider's exception, its message never arrives after the throw (it is not
     * sent again), the application goes on and nothing is replayed. With the window, the same send would be made again
     * after the reconnect and return, and its message would arrive. The stall can also begin between a request and its
     * reply (the application sends on while the test engages it): then the broker has the message, which arrives once,
     * before the throw, and only the reply was lost. Not with RabbitMQ, whose send does not wait for an answer: a stall
     * cannot interrupt one ({@link #persistentSendsStayInTheWindowUntilTheBrokerHasThem}).
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void withoutTheWindowTheInterruptedSendThrowsAndNothingIsReplayed(Client client, Testbed testbed) {
        FaultProxy proxy = testbed.proxy(client);
        AppProcess app = asyncApp(testbed, client, proxy, "plain", "persistent")
                .withAgent(Scenarios.FAST_RECONNECT + ",ConfirmationWindowSize=-1").start();
        app.awaitLine("READY", Scenarios.SETUP);
        for (int at : RESET_AT) {
            app.awaitLine("SENT " + at, Scenarios.PROGRESS);
            assertTrue(proxy.stall() > 0, "the producer's connection did not go through the proxy");
            proxy.awaitStalledClientBytes(A_SEND, Scenarios.PROGRESS);
            proxy.reset();
        }
        int code = app.awaitExit(Scenarios.FINISH);

        List<String> failed = app.linesStartingWith("SEND-FAILED ");
        assertEquals(RESET_AT.length, failed.size(), "one send per reset must throw, the one the reset interrupted: "
                + failed + app.tailForMessage());
        for (String line : failed) {
            Matcher m = Pattern.compile("SEND-FAILED seq=(\\d+) ms=\\d+ (\\S+) jms=(\\S+)").matcher(line);
            assertTrue(m.matches(), line);
            assertEquals("yes", m.group(3), "not a JMS exception: " + line);
            assertFalse(m.group(2).startsWith("io.reattach."), "not the provider's exception: " + line);
            assertNotReceivedAfter(app, line, "RECEIVED " + m.group(1),
                    "the send of " + m.group(1) + " threw, yet its message arrived after that: it was sent again");
        }
        Done done = Scenarios.assertEverythingReceived(app, code);
        assertEquals(COUNT - RESET_AT.length, done.sent, "every other send returned: " + done + app.tailForMessage());
        assertEquals(RESET_AT.length, done.sendFailures, done + app.tailForMessage());
        AgentBean producer = AgentBean.through(app, proxy);
        assertEquals(0, producer.number("ReplayedSends"), "replayed with ConfirmationWindowSize=-1: " + producer + app.tailForMessage());
        assertTrue(producer.number("Reconnects") >= RESET_AT.length, "the producer did not reconnect after each reset: " + producer);
        assertTrue(app.errLinesMatching(REPLAY_LOGGED).isEmpty(), "a replay was logged" + app.tailForMessage());
    }

    /** No line {@code received} follows the line {@code thrown}, and it is there at most once (before it). */
    private static void assertNotReceivedAfter(AppProcess app, String thrown, String received, String message) {
        List<String> lines = app.lines().stream().map(AppProcess.Line::text).collect(Collectors.toList());
        int throwAt = lines.indexOf(thrown);
        assertTrue(throwAt >= 0, thrown);
        assertEquals(-1, lines.subList(throwAt, lines.size()).indexOf(received), message + app.tailForMessage());
        assertTrue(lines.indexOf(received) == lines.lastIndexOf(received), received + " twice" + app.tailForMessage());
    }

    /**
     * Scenario 4: Artemis CORE with {@code DuplicateDetection=YES}: the replays (which include sends the broker had
     * stored) carry the id of the first attempt, the broker drops them, and the consumer sees each message once.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource("artemis")
    void withDuplicateDetectionTheBrokerDropsReplayedDuplicates(Client client, Testbed testbed) {
        FaultProxy proxy = testbed.proxy(client);
        AppProcess app = asyncApp(testbed, client, proxy, "plain")
                .withAgent(Scenarios.FAST_RECONNECT + ",DuplicateDetection=YES").start();
        int code = runThroughResets(testbed, app, proxy);
        Done done = Scenarios.assertEverythingReceived(app, code);
        AgentBean producer = AgentBean.through(app, proxy);
        long replayed = producer.number("ReplayedSends");
        assertTrue(replayed >= RESET_AT[0], "the replay did not include sends the broker had stored: " + producer
                + app.tailForMessage());
        assertEquals(0, done.duplicates, "the broker let replayed duplicates through: " + done + app.tailForMessage());
        assertEquals(0, done.reordered, done.toString());
        assertTrue(producer.number("DuplicatesStamped") >= COUNT, "a send without a duplicate id: " + producer);
        System.out.printf("[%s] duplicate detection: %d sends replayed, %d duplicates received%n", client, replayed, done.duplicates);
    }

    /**
     * Scenarios 2 and 3 with the JMS 2.0 simplified API: non-persistent sends through a new {@code JMSProducer} of a
     * {@code JMSContext} each time; the window replays them on a producer rebuilt from the new context.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.EVERY_CLIENT)
    void jmsProducerSendsAreReplayedToo(Client client, Testbed testbed) {
        FaultProxy proxy = testbed.proxy(client);
        AppProcess app = asyncApp(testbed, client, proxy, "plain").args("--api=context")
                .withAgent(Scenarios.FAST_RECONNECT).start();
        int code = runThroughResets(testbed, app, proxy);
        Done done = Scenarios.assertEverythingReceived(app, code);
        assertEquals(COUNT, done.sent, done + app.tailForMessage());
        assertEquals(0, done.reordered, done + app.tailForMessage());
        AgentBean producer = AgentBean.through(app, proxy);
        assertTrue(producer.number("ReplayedSends") > 0, "nothing was replayed: " + producer + app.tailForMessage());
        assertReplayLogged(client, app);
    }

    /**
     * The window knows, per provider, whether a persistent send returning means the broker has the message: the
     * ActiveMQ family's synchronous send does (nothing enters the window: high-water 0), RabbitMQ's does not (each send
     * stays in the window until the broker's publisher confirm: high-water above 0). Persistent plain sends through
     * two connection resets: every one arrives.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.EVERY_CLIENT)
    void persistentSendsStayInTheWindowUntilTheBrokerHasThem(Client client, Testbed testbed) {
        FaultProxy proxy = testbed.proxy(client);
        AppProcess app = asyncApp(testbed, client, proxy, "plain", "persistent").args("--count=" + SHORT_COUNT)
                .withAgent(Scenarios.FAST_RECONNECT).start();
        app.awaitLine("READY", Scenarios.SETUP);
        for (int at : SHORT_RESET_AT) {
            app.awaitLine("SENT " + at, Scenarios.PROGRESS);
            assertTrue(proxy.reset() > 0, "the producer's connection did not go through the proxy");
        }
        int code = app.awaitExit(Scenarios.FINISH);
        Done done = Scenarios.assertEverythingReceived(app, code);
        assertEquals(SHORT_COUNT, done.sent, done + app.tailForMessage());
        assertEquals(0, done.sendFailures, done + app.tailForMessage());
        AgentBean producer = AgentBean.through(app, proxy);
        assertTrue(producer.number("Reconnects") >= SHORT_RESET_AT.length, "no reconnect after each reset: " + producer);
        if (client.rabbitMq()) {
            assertTrue(producer.number("BufferHighWaterBytes") > 0, "RabbitMQ's sends were taken as confirmed when they returned: " + producer);
        } else {
            assertEquals(0, producer.number("BufferHighWaterBytes"), "a synchronous persistent send entered the window: " + producer);
        }
    }

    static final int SHORT_COUNT = 150;
    static final int[] SHORT_RESET_AT = {50, 100};

    static java.util.stream.Stream<Client> artemis() {
        return Client.selected().filter(c -> c == Client.ARTEMIS_JAVAX || c == Client.ARTEMIS_JAKARTA);
    }

    /**
     * Scenario 7: a sustained non-persistent load with a small window ({@value #WINDOW} bytes) through two connection
     * resets: the status bean's high-water mark never passed the window, the load filled it (sends were dropped from
     * protection), and replays happened within it. Not with RabbitMQ: its publisher confirms settle non-persistent sends
     * too, so this load never fills the window.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void theWindowNeverHoldsMoreThanItsSize(Client client, Testbed testbed) {
        FaultProxy proxy = testbed.proxy(client);
        AppProcess app = asyncApp(testbed, client, proxy, "plain")
                .withAgent(Scenarios.FAST_RECONNECT + ",ConfirmationWindowSize=" + WINDOW).start();
        int code = runThroughResets(testbed, app, proxy);
        assertTrue(app.linesStartingWith("APP-EXCEPTION").isEmpty(), "an exception escaped" + app.tailForMessage());
        assertTrue(code == 0 || code == 2, "exit code " + code + app.tailForMessage());
        AgentBean producer = AgentBean.through(app, proxy);
        long highWater = producer.number("BufferHighWaterBytes");
        assertTrue(highWater <= WINDOW, "the window grew past its size: " + producer);
        assertTrue(highWater > WINDOW / 2, "the window was hardly used: " + producer);
        assertTrue(producer.number("DroppedFromProtection") > 0, "the load never filled the window: " + producer);
        assertTrue(producer.number("ReplayedSends") > 0, "no replay: " + producer + app.tailForMessage());
        assertReplayLogged(client, app);
        assertFalse(app.errLinesMatching(".*confirmation window \\(" + WINDOW + " bytes\\) is full.*").isEmpty(),
                "the full window was not logged" + app.tailForMessage());
    }

    static final long WINDOW = 20_000;
}
