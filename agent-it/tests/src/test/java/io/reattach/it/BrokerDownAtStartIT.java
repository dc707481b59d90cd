package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;

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
 * retries under the policy). With the agent, the broker is started only once the agent has said that the first
 * connect failed and that it retries; the connection is then made by a later attempt, and the messages flow.
 */
@ExtendWith(TestbedExtension.class)
class BrokerDownAtStartIT {

    /** The agent's line when a first connect fails for want of a broker. */
    private static final String RETRYING = ".*\\.createConnection failed \\(.*\\); the broker may be down: retrying.*";
    /** The agent's line when a retried first connect succeeds; the count includes the attempt that failed. */
    private static final String CONNECTED = ".*\\.createConnection: connected after (\\d+) attempt\\(s\\) in \\d+ ms.*";

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void withTheAgentTheFirstConnectIsRetriedUntilTheBrokerIsUp(Client client, Testbed testbed) {
        AppProcess.Builder builder = testbed.app(client).withAgent(Scenarios.FAST_RECONNECT);
        BrokerProcess broker = testbed.broker();
        broker.kill();
        AppProcess app = start(builder, testbed);
        app.awaitErrLine(0, RETRYING, Scenarios.SETUP);
        assertTrue(app.firstLineStartingWith("READY").isEmpty(), "connected while the broker was down" + app.tailForMessage());
        broker.start();
        Matcher connected = app.awaitErrLine(0, CONNECTED, Scenarios.PROGRESS);
        assertTrue(Integer.parseInt(connected.group(1)) >= 2, "the connection was not made by a retry: " + connected.group()
                + app.tailForMessage());
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
