package io.reattach.it;

import java.util.EnumSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Jdk;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * The agent on JDK 25 (Temurin): the smoke run for every client, and scenario 1 for one javax and one jakarta client
 * of different protocols. Skipped where Temurin 25 is not installed.
 */
@ExtendWith(TestbedExtension.class)
class Jdk25IT {

    static Stream<Client> twoClients() {
        return Client.selected().filter(EnumSet.of(Client.ARTEMIS_JAKARTA, Client.QPID1)::contains);
    }

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void completesWithTheAgent(Client client, Testbed testbed) {
        SmokeIT.run(testbed, testbed.app(client).jdk(Jdk.TEMURIN_25.installed()).withAgent(null), "yes");
    }

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource("twoClients")
    void withTheAgentEveryPersistentMessageArrives(Client client, Testbed testbed) {
        AppProcess app = testbed.app(client).jdk(Jdk.TEMURIN_25.installed())
                .withAgent(Scenarios.FAST_RECONNECT).mode("queue")
                .args(Scenarios.KILL_RUN).args("--destination=" + testbed.destination("q"))
                .start();
        int code = Scenarios.killTwiceWhileSending(testbed, app);
        Scenarios.assertEverythingReceived(app, code);
    }
}
