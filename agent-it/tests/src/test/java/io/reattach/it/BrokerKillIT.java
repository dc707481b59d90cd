package io.reattach.it;

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
 * Scenario 1: a producer and a {@code MessageListener} consumer on separate connections, persistent messages to a
 * queue; the broker is killed with SIGKILL twice while the application sends, and started again on the same journal.
 */
@ExtendWith(TestbedExtension.class)
class BrokerKillIT {

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.EVERY_CLIENT)
    void withTheAgentEveryPersistentMessageArrives(Client client, Testbed testbed) {
        AppProcess app = testbed.app(client).withAgent(Scenarios.FAST_RECONNECT).mode("queue")
                .args(Scenarios.KILL_RUN).args("--destination=" + testbed.destination("q"))
                .start();
        int code = Scenarios.killTwiceWhileSending(testbed, app);
        Scenarios.assertEverythingReceived(app, code);
    }

    /** The same run without the agent must fail, or the test above proves nothing. */
    @Tag(Tags.BASELINE)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.EVERY_CLIENT)
    void withoutTheAgentTheApplicationGivesUp(Client client, Testbed testbed) {
        AppProcess app = testbed.app(client).mode("queue")
                .args(Scenarios.KILL_RUN).args("--destination=" + testbed.destination("q"))
                .start();
        int code = Scenarios.killOnceWithoutAgent(testbed, app);
        Scenarios.assertAppGaveUp(app, code);
    }
}
