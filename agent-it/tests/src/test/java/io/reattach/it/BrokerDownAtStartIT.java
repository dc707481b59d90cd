package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.reattach.broker.BrokerProcess;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Done;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * The application starts while its broker is down (DESIGN.md: a connection created during an outage waits and
 * retries under the policy); the broker comes up two seconds later.
 */
@ExtendWith(TestbedExtension.class)
class BrokerDownAtStartIT {

    private static final Duration BROKER_DOWN = Duration.ofSeconds(2);

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void withTheAgentTheFirstConnectWaitsForTheBroker(Client client, Testbed testbed) throws Exception {
        AppProcess.Builder builder = testbed.app(client).withAgent(Scenarios.FAST_RECONNECT);
        BrokerProcess broker = testbed.broker();
        broker.kill();
        AppProcess app = start(builder, testbed);
        Thread.sleep(BROKER_DOWN.toMillis()); // the outage the application starts into, not a backoff schedule
        assertTrue(app.isAlive(), "the application must wait for the broker" + app.tailForMessage());
        broker.start();
        int code = app.awaitExit(Scenarios.FINISH);
        Done done = Scenarios.assertEverythingReceived(app, code);
        assertEquals(20, done.sent, done.toString());
    }

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void withInitialConnectAttemptsOneItFailsAtOnceAsWithoutTheAgent(Client client, Testbed testbed) {
        AppProcess.Builder builder = testbed.app(client).withAgent(Scenarios.FAST_RECONNECT + ",InitialConnectAttempts=1");
        testbed.broker().kill();
        assertGivesUpAtOnce(start(builder, testbed));
    }

    @Tag(Tags.BASELINE)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void withoutTheAgentTheApplicationFailsAtOnce(Client client, Testbed testbed) {
        AppProcess.Builder builder = testbed.app(client);
        testbed.broker().kill();
        assertGivesUpAtOnce(start(builder, testbed));
    }

    private static AppProcess start(AppProcess.Builder builder, Testbed testbed) {
        return builder.mode("queue").args("--count=20", "--interval-ms=0", "--destination=" + testbed.destination("q")).start();
    }

    private static void assertGivesUpAtOnce(AppProcess app) {
        int code = app.awaitExit(Duration.ofSeconds(30));
        assertNotEquals(0, code, "the application cannot have completed with its broker down" + app.tailForMessage());
        assertTrue(app.firstLineStartingWith("APP-EXCEPTION ").isPresent(), "the application must see the connect failure" + app.tailForMessage());
        assertTrue(app.linesStartingWith("SENT ").isEmpty(), app.tailForMessage());
    }
}
