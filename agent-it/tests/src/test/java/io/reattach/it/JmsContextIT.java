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
 * Scenario 5: scenario 1 with the JMS 2.0 simplified API: a {@code JMSContext} with a {@code JMSProducer}, another
 * with a {@code JMSConsumer} and a listener.
 *
 * <p>All eight clients implement {@code ConnectionFactory.createContext()}, ActiveMQ Classic 5.x (since 5.18) and RabbitMQ JMS 2.x included (
 * {@link SmokeIT} does not cover it, {@link #withoutTheAgentTheApplicationGivesUp} does: it must reach its first kill).
 */
@ExtendWith(TestbedExtension.class)
class JmsContextIT {

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.EVERY_CLIENT)
    void withTheAgentEveryPersistentMessageArrives(Client client, Testbed testbed) {
        AppProcess app = testbed.app(client).withAgent(Scenarios.FAST_RECONNECT).mode("context")
                .args(Scenarios.KILL_RUN).args("--destination=" + testbed.destination("q"))
                .start();
        int code = Scenarios.killTwiceWhileSending(testbed, app);
        Scenarios.assertEverythingReceived(app, code);
    }

    @Tag(Tags.BASELINE)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.EVERY_CLIENT)
    void withoutTheAgentTheApplicationGivesUp(Client client, Testbed testbed) {
        AppProcess app = testbed.app(client).mode("context")
                .args(Scenarios.KILL_RUN).args("--destination=" + testbed.destination("q"))
                .start();
        int code = Scenarios.killOnceWithoutAgent(testbed, app);
        Scenarios.assertAppGaveUp(app, code);
    }
}
