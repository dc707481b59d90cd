package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
 * Send-buffer scenario 5: a {@code CLIENT_ACKNOWLEDGE} consumer through a broker kill. The application holds a message
 * that it has not acknowledged yet (it waits for {@code go}), the broker is killed and started again, then the
 * application acknowledges that message of the dead session: no exception, and no message lost (what was not
 * acknowledged comes again).
 */
@ExtendWith(TestbedExtension.class)
class ClientAcknowledgeIT {

    static final String[] RUN = {"--count=30", "--ack-every=5", "--pause-at=12", "--drain-ms=8000",
        "--max-runtime-s=90"};

    private static AppProcess run(Testbed testbed, AppProcess.Builder builder) {
        BrokerProcess broker = testbed.broker();
        AppProcess app = builder.mode("clientack").args(RUN).args("--destination=" + testbed.destination("q")).start();
        app.awaitLine("ACK-PAUSE seq=12", Scenarios.SETUP);
        broker.kill();
        broker.start();
        app.send("go");
        return app;
    }

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void acknowledgingAMessageOfTheDeadSessionDoesNotThrowAndNothingIsLost(Client client, Testbed testbed) {
        AppProcess app = run(testbed, testbed.app(client).withAgent(Scenarios.FAST_RECONNECT));
        int code = app.awaitExit(Scenarios.FINISH);
        app.awaitLine("ACK-AFTER-PAUSE ok seq=12", java.time.Duration.ZERO);
        Done done = Scenarios.assertEverythingReceived(app, code);
        assertEquals(30, done.sent, done.toString());
    }

    /** Without the agent the acknowledge (or the next receive) throws: the test above is not vacuous. */
    @Tag(Tags.BASELINE)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void withoutTheAgentTheApplicationGivesUp(Client client, Testbed testbed) {
        AppProcess app = run(testbed, testbed.app(client));
        int code = app.awaitExit(Scenarios.FINISH);
        Scenarios.assertAppGaveUp(app, code);
        assertFalse(app.linesStartingWith("APP-EXCEPTION").isEmpty(), "no exception reached the application" + app.tailForMessage());
    }
}
