package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.reattach.broker.BrokerProcess;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Event;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Scenario 3: what the application's {@code ExceptionListener} sees, and how long a send blocks when the broker stays
 * down. Events reach the listener as {@code JMSException}s whose error code is the event's name and whose linked
 * exception is the failure.
 */
@ExtendWith(TestbedExtension.class)
class ListenerEventsIT {

    /** The short {@code MQReconnectTimeout} of the first test, in seconds. */
    static final int TIMEOUT_S = 3;

    /** How much later than the timeout the send may give up or the event may arrive. */
    static final long MARGIN_MS = 1500;

    /** A send that fails sooner than this did not wait for a reconnect at all. */
    static final long MIN_BLOCK_MS = 1000;

    /**
     * Fewer attempts than this in {@link #TIMEOUT_S} with {@code ReconDelay=(200,100)} (about ten) means the attempts
     * did not follow {@code ReconDelay}: an Artemis factory that waits its own 2 s retryInterval inside each failed
     * attempt makes two (ArtemisOnePass).
     */
    static final int MIN_ATTEMPTS = 5;

    private static final Pattern GIVING_UP = Pattern.compile(".*giving up after (\\d+) attempt\\(s\\).*");

    static final String[] EVENTS_RUN = {"--interval-ms=50", "--linger-ms=1500", "--max-runtime-s=90"};

    /**
     * Default {@code ExceptionListenerEvents} (RECONNECT_FAILED) and {@code MQReconnectTimeout=3}; the broker is killed
     * and stays down: the listener gets RECONNECT_FAILED and nothing else, and the blocked send throws a JMS exception
     * once the timeout has passed, not before and not much after.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void byDefaultOnlyReconnectFailedAndTheSendGivesUpAfterTheTimeout(Client client, Testbed testbed) {
        BrokerProcess broker = testbed.broker();
        AppProcess app = testbed.app(client)
                .withAgent("ReconDelay=(200,100),MQReconnectTimeout=" + TIMEOUT_S)
                .mode("events").args(EVENTS_RUN).args("--count=100000", "--destination=" + testbed.destination("q"))
                .start();
        app.awaitLine("READY", Scenarios.SETUP);
        app.awaitLine("SENT 10", Scenarios.PROGRESS);
        long killed = System.nanoTime();
        broker.kill();
        int code = app.awaitExit(Duration.ofSeconds(TIMEOUT_S + 30));

        Matcher failed = app.awaitLine("SEND-FAILED seq=\\d+ ms=(\\d+) (\\S+) jms=(\\S+)", Duration.ZERO);
        long blockedMs = Long.parseLong(failed.group(1));
        assertTrue(blockedMs >= MIN_BLOCK_MS, "the send failed after " + blockedMs
                + " ms: it did not wait for a reconnect" + app.tailForMessage());
        assertTrue(blockedMs <= TIMEOUT_S * 1000L + MARGIN_MS, "the send blocked " + blockedMs
                + " ms, more than MQReconnectTimeout=" + TIMEOUT_S + " s + " + MARGIN_MS + " ms" + app.tailForMessage());
        assertEquals("yes", failed.group(3), "the send threw " + failed.group(2) + ", not a JMSException");
        assertEquals(1, code, "the application gives up on the exception" + app.tailForMessage());

        List<Event> events = app.events();
        assertFalse(events.isEmpty(), "the listener got no RECONNECT_FAILED" + app.tailForMessage());
        for (Event e : events) {
            assertEquals(Event.RECONNECT_FAILED, e.code, "only RECONNECT_FAILED is reported by default: " + events);
            assertTrue(e.hasLinked(), "RECONNECT_FAILED without the failure as linked exception: " + e);
        }
        long eventMs = TimeUnit.NANOSECONDS.toMillis(
                app.awaitLineAt("EVENT RECONNECT_FAILED .*", Duration.ZERO).nanos() - killed);
        assertTrue(eventMs <= TIMEOUT_S * 1000L + MARGIN_MS + 500, "RECONNECT_FAILED came " + eventMs
                + " ms after the kill" + app.tailForMessage());
        int attempts = attemptsBeforeGivingUp(app);
        assertTrue(attempts >= MIN_ATTEMPTS, "the agent gave up after " + attempts + " attempt(s) in " + TIMEOUT_S
                + " s with ReconDelay=(200,100): its attempts did not follow ReconDelay" + app.tailForMessage());
    }

    /** From the agent's "giving up after N attempt(s)" line on the application's standard error. */
    private static int attemptsBeforeGivingUp(AppProcess app) {
        try {
            for (String line : Files.readAllLines(app.logFile())) {
                Matcher m = GIVING_UP.matcher(line);
                if (m.matches()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no \"giving up after\" line from the agent" + app.tailForMessage());
    }

    /**
     * {@code ExceptionListenerEvents=ALL}; the broker is killed, stays down for a second and is started again: the
     * listener gets RECONNECTING, then RECONNECTED, and the application carries on.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void allEventsReconnectingThenReconnected(Client client, Testbed testbed) throws InterruptedException {
        BrokerProcess broker = testbed.broker();
        AppProcess app = testbed.app(client)
                .withAgent("ExceptionListenerEvents=ALL," + Scenarios.FAST_RECONNECT)
                .mode("events").args(EVENTS_RUN).args("--count=60", "--destination=" + testbed.destination("q"))
                .start();
        app.awaitLine("READY", Scenarios.SETUP);
        app.awaitLine("SENT 10", Scenarios.PROGRESS);
        broker.kill();
        Thread.sleep(1000);
        broker.start();
        int code = app.awaitExit(Scenarios.FINISH);

        assertTrue(app.linesStartingWith("APP-EXCEPTION").isEmpty(), "the application saw an exception"
                + app.tailForMessage());
        assertEquals(0, code, "exit code" + app.tailForMessage());
        List<Event> events = app.events();
        List<String> codes = Scenarios.codes(events);
        assertFalse(codes.isEmpty(), "the listener got no event" + app.tailForMessage());
        assertEquals(Event.RECONNECTING, codes.get(0), "the first event: " + codes);
        assertEquals(Event.RECONNECTED, codes.get(codes.size() - 1), "the last event: " + codes);
        assertFalse(codes.contains(Event.RECONNECT_FAILED), "the reconnect did not fail: " + codes);
        for (Event e : events) {
            assertTrue(e.isAgentEvent(), "the provider's own exception reached the listener: " + e);
            assertTrue(e.hasLinked(), "an event without the failure as linked exception: " + e);
        }
    }

    /**
     * Baseline without the agent: the send fails at once and whatever reaches the listener is the provider's own
     * exception, none of the agent's events.
     */
    @Tag(Tags.BASELINE)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void withoutTheAgentTheSendFailsAtOnce(Client client, Testbed testbed) {
        BrokerProcess broker = testbed.broker();
        AppProcess app = testbed.app(client)
                .mode("events").args(EVENTS_RUN).args("--count=100000", "--destination=" + testbed.destination("q"))
                .start();
        app.awaitLine("READY", Scenarios.SETUP);
        app.awaitLine("SENT 10", Scenarios.PROGRESS);
        broker.kill();
        int code = app.awaitExit(Duration.ofSeconds(30));

        Matcher failed = app.awaitLine("SEND-FAILED seq=\\d+ ms=(\\d+) (\\S+) jms=(\\S+)", Duration.ZERO);
        assertTrue(Long.parseLong(failed.group(1)) < MIN_BLOCK_MS, "without the agent the send blocked "
                + failed.group(1) + " ms" + app.tailForMessage());
        assertEquals(1, code, "exit code" + app.tailForMessage());
        for (Event e : app.events()) {
            assertFalse(e.isAgentEvent(), "an agent event without the agent: " + e);
        }
    }
}
