package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Scenario 4: application errors are not retried. {@code createConsumer(queue, "this is not ( valid")} throws
 * {@code InvalidSelectorException} at once, with the agent as without it, and the session still works afterwards.
 * The agent runs with {@code ExceptionListenerEvents=ALL}, so a reconnect it started would show as an event.
 */
@ExtendWith(TestbedExtension.class)
class ApplicationErrorIT {

    static final long AT_ONCE_MS = 1000;

    /** Baseline: what the provider itself throws, at once. */
    @Tag(Tags.BASELINE)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void invalidSelectorWithoutTheAgent(Client client, Testbed testbed) {
        String thrown = run(testbed, testbed.app(client));
        assertEquals(client.jmsPackage() + ".InvalidSelectorException", thrown);
    }

    /** With the agent: the same exception class as the baseline above, at once, and no reconnect. */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void invalidSelectorWithTheAgentIsTheSameException(Client client, Testbed testbed) {
        String thrown = run(testbed, testbed.app(client)
                .withAgent("ExceptionListenerEvents=ALL," + Scenarios.FAST_RECONNECT));
        assertEquals(client.jmsPackage() + ".InvalidSelectorException", thrown, "the agent changed the exception");
    }

    /** Runs selector mode and returns the class of the exception createConsumer threw. */
    private static String run(Testbed testbed, AppProcess.Builder builder) {
        AppProcess app = builder.mode("selector")
                .args("--destination=" + testbed.destination("q"), "--linger-ms=500")
                .start();
        int code = app.awaitExit(Scenarios.FINISH);
        Matcher m = app.awaitLine("SELECTOR-EXCEPTION (\\S+) ms=(\\d+).*", java.time.Duration.ZERO);
        long ms = Long.parseLong(m.group(2));
        assertTrue(ms < AT_ONCE_MS, "createConsumer took " + ms + " ms to throw" + app.tailForMessage());
        assertTrue(app.events().isEmpty(), "an application error reached the ExceptionListener: " + app.events());
        assertEquals(0, code, "after the invalid selector the session must still send and receive"
                + app.tailForMessage());
        return m.group(1);
    }
}
