package io.reattach.it;

import java.util.stream.Stream;

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
 * Control runs of the test bed itself, without the agent: the kill scenarios with the provider's own fail-over URL
 * (ActiveMQ Classic's and Qpid's {@code failover:}), which the legacy application normally does not use. They must pass
 * with the very assertions the agent runs make, which shows that those assertions can be met on this test bed (the
 * broker comes back on the same port with every persistent message and durable subscription), so a failing agent run
 * points at the agent. Artemis has no such control: see {@link Client#providerFailoverUrl}. To keep the suite short
 * only the queue and durable subscriber runs are here (the receive() and JMSContext runs passed the same way when
 * this was written).
 */
@ExtendWith(TestbedExtension.class)
class ProviderFailoverControlIT {

    static Stream<Client> clientsWithFailover() {
        return Client.ofEmbeddedBroker().filter(c -> c != Client.ARTEMIS_JAVAX && c != Client.ARTEMIS_JAKARTA);
    }

    @Tag(Tags.CONTROL)
    @ParameterizedTest(name = "{0}")
    @MethodSource("clientsWithFailover")
    void queueListener(Client client, Testbed testbed) {
        run(client, testbed, "queue");
    }

    @Tag(Tags.CONTROL)
    @ParameterizedTest(name = "{0}")
    @MethodSource("clientsWithFailover")
    void durableSubscriber(Client client, Testbed testbed) {
        run(client, testbed, "durable", "--client-id=cid-" + client.module());
    }

    private static void run(Client client, Testbed testbed, String mode, String... args) {
        AppProcess app = testbed.app(client)
                .url(client.providerFailoverUrl(testbed.broker()).orElseThrow())
                .mode(mode).args(Scenarios.KILL_RUN).args(args)
                .args("--destination=" + testbed.destination("d"))
                .start();
        int code = Scenarios.killTwiceWhileSending(testbed, app);
        Scenarios.assertEverythingReceived(app, code);
    }
}
