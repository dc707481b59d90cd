package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;

import io.reattach.broker.BrokerProcess;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Done;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * A reconnect storm, lean (issue 12; the measured one is {@code bench.ReconnectStormBenchmark}): two application JVMs
 * hold {@value #CONNECTIONS} consumer connections each, plus a producer, when their broker is killed. Every connection
 * comes back, and no persistent message is lost. More connections than the engine's background threads per JVM
 * (16) reconnect at once, so most of them wait their turn.
 */
@ExtendWith(TestbedExtension.class)
class ReconnectStormIT {

    static final int CONNECTIONS = 40;
    private static final int JVMS = 2;
    private static final int COUNT = 40;

    @Tag(Tags.AGENT)
    @Test
    void everyConnectionOfEveryJvmComesBackAndNothingIsLost(Testbed testbed) {
        Client client = Client.one(Client.CLASSIC5);
        BrokerProcess broker = testbed.broker();
        List<AppProcess> apps = new ArrayList<>();
        for (int j = 1; j <= JVMS; j++) {
            apps.add(testbed.app(client).withAgent(Scenarios.FAST_RECONNECT + ",ExceptionListenerEvents=RECONNECTED").mode("storm")
                    .args("--connections=" + CONNECTIONS, "--count=" + COUNT, "--interval-ms=100", "--drain-ms=10000",
                            "--max-runtime-s=120", "--destination=" + testbed.destination("q" + j))
                    .start());
        }
        for (AppProcess app : apps) {
            app.awaitLine("READY.*", Scenarios.SETUP);
        }
        apps.get(0).awaitLine("SENT 10", Scenarios.PROGRESS);
        broker.kill();
        broker.start();

        for (AppProcess app : apps) {
            int code = app.awaitExit(Scenarios.FINISH);
            Done done = Scenarios.assertEverythingReceived(app, code);
            assertEquals(COUNT, done.sent, done + app.tailForMessage());
            long back = app.events().stream().filter(e -> e.code.equals("RECONNECTED")).map(e -> e.connection).distinct().count();
            assertEquals(CONNECTIONS + 1, back, "connections that came back: " + back + " of " + (CONNECTIONS + 1) + app.tailForMessage());
            assertTrue(app.linesStartingWith("APP-EXCEPTION").isEmpty(), app.tailForMessage());
            System.out.println("[" + client + "] " + app.name() + ": " + back + " connections back; " + done);
        }
    }
}
