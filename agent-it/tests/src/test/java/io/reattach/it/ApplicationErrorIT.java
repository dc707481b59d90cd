package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Scenario 4: application errors pass through unchanged and never start a reconnect, whatever the provider calls its
 * exceptions. On one healthy connection the application ({@code errors} mode) provokes the errors a provider reports:
 * an invalid selector on a queue and on a topic, a null destination, an {@code ObjectMessage} whose body cannot be
 * serialised (a {@code NotSerializableException}, an {@code IOException}, underneath), a queue name RabbitMQ reserves
 * for itself (403 ACCESS_REFUSED) and a wrong password. Each provider answers in its own way, checked or unchecked
 * (RabbitMQ refuses a queue selector with {@code UnsupportedOperationException}); the embedded Artemis broker runs
 * without security, so only RabbitMQ refuses the password and the reserved name.
 *
 * <p>With the agent ({@code ExceptionListenerEvents=ALL}, so that a reconnect would show) the application gets exactly
 * what it gets without it, at once, no listener event, no reconnect, and the connection still sends and receives.
 */
@ExtendWith(TestbedExtension.class)
class ApplicationErrorIT {

    static final long AT_ONCE_MS = 2000;

    private static final Pattern OUTCOME = Pattern.compile("APP-ERROR(-CLOSE)? (\\S+) (\\S+)(?: ms=(\\d+))?");

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.EVERY_CLIENT)
    void withTheAgentTheApplicationGetsTheProvidersOwnErrors(Client client, Testbed testbed) {
        Map<String, String> without = run(testbed, testbed.app(client));
        Map<String, String> with = run(testbed, testbed.app(client)
                .withAgent("ExceptionListenerEvents=ALL," + Scenarios.FAST_RECONNECT));

        assertEquals(without, with, "the agent changed what the application got (left: without the agent)");
        // The scenario bites: every provider reports these as errors of the application.
        assertNotEquals("none", without.get("destination"), "a null destination was accepted: " + without);
        assertNotEquals("none", without.get("format"), "an unserialisable body was accepted: " + without);
        assertTrue(!without.get("selector").equals("none") || !without.get("topic-selector").equals("none"),
                "an invalid selector was accepted: " + without);
        if (client.rabbitMq()) {
            assertEquals("java.lang.UnsupportedOperationException", without.get("selector"), without.toString());
            assertNotEquals("none", without.get("reserved-queue"), without.toString());
            assertTrue(without.get("login").endsWith("JMSSecurityException"), "a wrong password: " + without);
        }
    }

    /** Runs errors mode; returns what each provoked call (and the close of its session) threw, by name. */
    private static Map<String, String> run(Testbed testbed, AppProcess.Builder builder) {
        AppProcess app = builder.mode("errors")
                .args("--destination=" + testbed.destination("q"), "--linger-ms=500")
                .start();
        int code = app.awaitExit(Scenarios.FINISH);
        Map<String, String> outcomes = new TreeMap<>();
        for (String line : app.linesStartingWith("APP-ERROR")) {
            Matcher m = OUTCOME.matcher(line);
            assertTrue(m.matches(), line);
            outcomes.put(m.group(2) + (m.group(1) == null ? "" : " (closing its session)"), m.group(3));
            if (m.group(4) != null) {
                assertTrue(Long.parseLong(m.group(4)) < AT_ONCE_MS, "not at once: " + line + app.tailForMessage());
            }
        }
        assertEquals(6, outcomes.keySet().stream().filter(k -> !k.contains(" ")).count(), "errors reported: " + outcomes + app.tailForMessage());
        assertTrue(app.events().isEmpty(), "an application error reached the ExceptionListener: " + app.events());
        assertTrue(app.errLinesMatching(".*reattach - .*connection lost.*").isEmpty(),
                "an application error started a reconnect" + app.tailForMessage());
        assertEquals(0, code, "after the errors the connection must still send and receive" + app.tailForMessage());
        return outcomes;
    }
}
