package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;

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
 * Scenario 6: {@code Connection.close()} while the agent is reconnecting (the broker is down) returns within a second,
 * does not throw, and ends every thread whose name starts with {@code reattach} (the application allows them one second
 * to end after {@code close()} returned). The agent run closes only once its {@code RECONNECTING} event has reached the
 * application's {@code ExceptionListener}, so without the agent it fails; the baseline shows what the provider alone
 * does: its own exception reaches the listener, and {@code close()} of the dead connection returns, or throws, at once.
 */
@ExtendWith(TestbedExtension.class)
class CloseDuringOutageIT {

    static final long CLOSE_MS = 1000;

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void withTheAgentCloseEndsTheReconnect(Client client, Testbed testbed) {
        AppProcess app = start(testbed, testbed.app(client).withAgent("ExceptionListenerEvents=ALL," + Scenarios.FAST_RECONNECT));
        Event first = Event.parse(app.awaitLine("EVENT .*", Scenarios.PROGRESS).group());
        assertEquals(Event.RECONNECTING, first.code, "the listener's first event must be the agent's: " + first + app.tailForMessage());
        assertTrue(first.hasLinked(), "RECONNECTING without the failure as linked exception: " + first);
        int code = close(app);

        List<String> before = threads(app, "BEFORE");
        assertFalse(before.isEmpty(), "no reattach thread was running when close() was called: the test proves nothing"
                + app.tailForMessage());
        assertEquals(List.of(), threads(app, "AFTER"), "threads left after close()" + app.tailForMessage());
        assertClosedInTime(app);
        assertTrue(app.linesStartingWith("APP-EXCEPTION").isEmpty(), "close() threw" + app.tailForMessage());
        assertEquals(0, code, "exit code" + app.tailForMessage());
    }

    @Tag(Tags.BASELINE)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void withoutTheAgentTheProviderReportsTheFailureAndCloseEndsAtOnce(Client client, Testbed testbed) {
        AppProcess app = start(testbed, testbed.app(client));
        Event failure = Event.parse(app.awaitLine("EVENT .*", Scenarios.PROGRESS).group());
        assertFalse(failure.isAgentEvent(), "an agent event without the agent: " + failure);
        int code = close(app);

        assertEquals(List.of(), threads(app, "BEFORE"), "a reattach thread without the agent" + app.tailForMessage());
        assertClosedInTime(app);
        // ActiveMQ Classic's close() may throw on the dead connection ("Disposed due to prior exception"), depending on
        // how far its transport got in shutting down: a JMS exception, which the application gives up on.
        String exception = app.firstLineStartingWith("APP-EXCEPTION ").orElse(null);
        assertTrue(exception == null ? code == 0 : code == 1 && exception.matches("APP-EXCEPTION (javax|jakarta)\\.jms\\.JMSException .*"),
                "exit code " + code + ", exception " + exception + app.tailForMessage());
    }

    /** Starts the close mode, waits until it is set up, and kills the broker. */
    private static AppProcess start(Testbed testbed, AppProcess.Builder builder) {
        BrokerProcess broker = testbed.broker();
        AppProcess app = builder.mode("close").args("--count=5", "--destination=" + testbed.destination("q")).start();
        app.awaitLine("READY", Scenarios.SETUP);
        broker.kill();
        return app;
    }

    /** Tells the application to close its connection; returns its exit code. */
    private static int close(AppProcess app) {
        app.send("close");
        return app.awaitExit(Duration.ofSeconds(30));
    }

    /** close() returned, or threw, within {@link #CLOSE_MS}. */
    private static void assertClosedInTime(AppProcess app) {
        Matcher close = app.awaitLine("CLOSE-MS (\\d+)", Duration.ZERO);
        long ms = Long.parseLong(close.group(1));
        assertTrue(ms < CLOSE_MS, "close() took " + ms + " ms during the outage" + app.tailForMessage());
    }

    /** The names in the application's {@code REATTACH-THREADS-BEFORE|AFTER n [names]} line. */
    private static List<String> threads(AppProcess app, String when) {
        Matcher m = app.awaitLine("REATTACH-THREADS-" + when + " (\\d+)( (\\S+))?", Duration.ZERO);
        return m.group(3) == null ? List.of() : List.of(m.group(3).split(","));
    }
}
