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
 * Scenario 2: a durable topic subscriber (client ID and {@code createDurableSubscriber}) and a synchronous
 * {@code receive()} consumer survive two SIGKILLs of the broker while the application sends.
 */
@ExtendWith(TestbedExtension.class)
class DurableAndReceiveIT {

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void durableSubscriberGetsEveryPersistentMessage(Client client, Testbed testbed) {
        AppProcess app = testbed.app(client).withAgent(Scenarios.FAST_RECONNECT).mode("durable")
                .args(Scenarios.KILL_RUN)
                .args("--destination=" + testbed.destination("t"), "--client-id=cid-" + client.module())
                .start();
        int code = Scenarios.killTwiceWhileSending(testbed, app);
        Scenarios.assertEverythingReceived(app, code);
    }

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void receiveConsumerGetsEveryPersistentMessage(Client client, Testbed testbed) {
        AppProcess app = testbed.app(client).withAgent(Scenarios.FAST_RECONNECT).mode("queue")
                .args(Scenarios.KILL_RUN)
                .args("--destination=" + testbed.destination("q"), "--consume=receive")
                .start();
        int code = Scenarios.killTwiceWhileSending(testbed, app);
        Scenarios.assertEverythingReceived(app, code);
    }

    /** Baseline: the durable subscriber's application without the agent gives up. */
    @Tag(Tags.BASELINE)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void withoutTheAgentTheDurableSubscriberApplicationGivesUp(Client client, Testbed testbed) {
        AppProcess app = testbed.app(client).mode("durable")
                .args(Scenarios.KILL_RUN)
                .args("--destination=" + testbed.destination("t"), "--client-id=cid-" + client.module())
                .start();
        int code = Scenarios.killOnceWithoutAgent(testbed, app);
        Scenarios.assertAppGaveUp(app, code);
    }
}
