package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
import io.reattach.it.harness.SilentListener;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Fail-over that listens to the protocol (issue 12): the first address of {@code ConnectionNameList} accepts TCP and
 * never speaks JMS, the second is the broker. Every connect that lands on the silent address fails as a JMS connect
 * (the provider's handshake times out) and must hand the preference on, as a refused connect does: the application
 * starts, and comes back after a broker restart, on the broker. Without that, TCP keeps the silent address preferred
 * and every attempt goes there until the policy gives up.
 *
 * <p>How long a connect waits for a silent peer is the provider's own handshake timeout (Artemis {@code callTimeout}
 * 30 s, ActiveMQ Classic's wire format negotiation 10 s, Qpid {@code jms.connectTimeout} 15 s); the URLs here set it to
 * {@value #HANDSHAKE_MILLIS} ms to keep the scenario short. None of them is a reconnect option.
 */
@ExtendWith(TestbedExtension.class)
class ProtocolFailoverIT {

    static final int HANDSHAKE_MILLIS = 2000;
    private static final int COUNT = 30;
    private static final int KILL_AT = 10;

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void aListenerThatAcceptsTcpButNeverSpeaksJmsHandsThePreferenceOn(Client client, Testbed testbed) {
        BrokerProcess broker = testbed.broker();
        try (SilentListener silent = new SilentListener()) {
            String list = "ConnectionNameList=127.0.0.1(" + silent.port() + "),127.0.0.1(" + broker.port() + ")";
            AppProcess app = testbed.app(client).url(client.url(broker) + handshakeTimeout(client))
                    .withAgent(Scenarios.FAST_RECONNECT + "," + list).mode("queue")
                    .args("--count=" + COUNT, "--interval-ms=20", "--drain-ms=5000", "--max-runtime-s=90",
                            "--destination=" + testbed.destination("q"))
                    .start();
            app.awaitLine("READY", Scenarios.SETUP);
            assertTrue(silent.accepted() >= 1, "the first connect did not even try the silent address: the test proves nothing"
                    + app.tailForMessage());
            app.awaitLine("SENT " + KILL_AT, Scenarios.PROGRESS);
            int acceptedBeforeTheKill = silent.accepted();
            broker.kill(); // the reconnect is refused by the broker, hands on to the silent address, and must come back
            broker.start();
            int code = app.awaitExit(Scenarios.FINISH);

            Done done = Scenarios.assertEverythingReceived(app, code);
            assertEquals(COUNT, done.sent, done + app.tailForMessage());
            assertTrue(silent.accepted() > acceptedBeforeTheKill, "no reconnect attempt went to the silent address after "
                    + "the broker refused: the restart did not test the reconnect path" + app.tailForMessage());
            List<Matcher> handedOn = app.errLinesMatching(".*127\\.0\\.0\\.1\\(" + silent.port()
                    + "\\) accepted the TCP connection but the JMS connect failed.*");
            assertFalse(handedOn.isEmpty(), "the agent did not say that it moved on from the silent address" + app.tailForMessage());
            System.out.println("[" + client + "] silent address accepted " + silent.accepted() + " connect(s), handed on "
                    + handedOn.size() + " time(s); " + done);
        }
    }

    /** The provider's wait for a peer that accepted TCP, shortened; the providers' own option names. */
    static String handshakeTimeout(Client client) {
        switch (client) {
            case ARTEMIS_JAVAX:
            case ARTEMIS_JAKARTA:
                return "?callTimeout=" + HANDSHAKE_MILLIS;
            case CLASSIC5:
            case CLASSIC6:
                return "?wireFormat.maxInactivityDurationInitalDelay=" + HANDSHAKE_MILLIS;
            default:
                return "?jms.connectTimeout=" + HANDSHAKE_MILLIS;
        }
    }
}
