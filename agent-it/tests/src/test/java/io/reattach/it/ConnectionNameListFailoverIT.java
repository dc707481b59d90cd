package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.reattach.broker.BrokerProcess;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Done;
import io.reattach.it.harness.Jdk;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Fail-over to a second broker (issue 4, {@code ConnectionNameList}): two independent brokers; the application's URL
 * names the first, the agent's list names both. The first broker is killed and stays down; the application goes on
 * with the second. At the end the first broker is started again and drained, to show where every message went.
 */
@ExtendWith(TestbedExtension.class)
class ConnectionNameListFailoverIT {

    private static final int COUNT = 60;
    private static final int KILL_AT = 20;

    private static BrokerProcess second;

    @AfterAll
    static void stopTheSecondBroker() {
        if (second != null) {
            second.kill();
        }
    }

    private static synchronized BrokerProcess second(Testbed testbed) {
        if (second == null) {
            second = BrokerProcess.builder()
                    .dataDir(testbed.dir().getParent().resolve("broker2-data"))
                    .logFile(testbed.dir().getParent().resolve("broker2.log"))
                    .build();
        }
        if (!second.isRunning()) {
            second.start();
        }
        return second;
    }

    /** One client that connects through java.net.Socket, one through Netty on java.nio. */
    static Stream<Client> twoClients() {
        return Client.selected().filter(EnumSet.of(Client.CLASSIC6, Client.QPID2)::contains);
    }

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void whenTheFirstBrokerDiesTheApplicationGoesOnWithTheSecond(Client client, Testbed testbed) {
        failOver(client, testbed, Jdk.DEFAULT);
    }

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource("twoClients")
    void onJdk25TheApplicationGoesOnWithTheSecond(Client client, Testbed testbed) {
        failOver(client, testbed, Jdk.TEMURIN_25.installed());
    }

    private void failOver(Client client, Testbed testbed, Jdk jdk) {
        BrokerProcess first = testbed.broker();
        BrokerProcess other = second(testbed);
        String queue = testbed.destination("q");
        String list = "ConnectionNameList=127.0.0.1(" + first.port() + "),127.0.0.1(" + other.port() + ")";
        AppProcess app = testbed.app(client).jdk(jdk).withAgent(Scenarios.FAST_RECONNECT + "," + list).mode("queue")
                .args("--count=" + COUNT, "--interval-ms=20", "--drain-ms=3000", "--max-runtime-s=120", "--destination=" + queue)
                .start();
        app.awaitLine("READY", Scenarios.SETUP);
        app.awaitLine("SENT " + KILL_AT, Scenarios.PROGRESS);
        first.kill(); // and it stays down
        int lastSentBeforeTheKill = seqs(app.linesStartingWith("SENT ")).last();
        int code = app.awaitExit(Scenarios.FINISH);

        List<String> exceptions = app.linesStartingWith("APP-EXCEPTION");
        assertTrue(exceptions.isEmpty(), "the application saw an exception: " + exceptions + app.tailForMessage());
        Done done = app.done();
        assertEquals(COUNT, done.sent, done + app.tailForMessage());
        TreeSet<Integer> received = seqs(app.linesStartingWith("RECEIVED "));
        // Sent once the first broker was gone (a send in progress during the kill aside): only the second could take them.
        for (int seq = lastSentBeforeTheKill + 2; seq <= COUNT; seq++) {
            assertTrue(received.contains(seq), "message " + seq + ", sent after the fail-over, did not arrive" + app.tailForMessage());
        }

        // What the first broker had stored and not delivered before it died is still in its journal.
        first.start();
        AppProcess drain = testbed.app(client).mode("drain").args("--destination=" + queue, "--drain-ms=1500", "--max-runtime-s=60")
                .start();
        assertEquals(0, drain.awaitExit(Scenarios.FINISH), "drain" + drain.tailForMessage());
        TreeSet<Integer> leftOnTheFirst = seqs(drain.linesStartingWith("RECEIVED "));
        for (int seq = 1; seq <= COUNT; seq++) {
            assertTrue(received.contains(seq) || leftOnTheFirst.contains(seq), "message " + seq + " is lost: neither received nor on"
                    + " the first broker (left there: " + leftOnTheFirst + ")" + app.tailForMessage());
        }
        // Exit 0 when everything arrived; 2 (messages missing) exactly when some wait on the first broker.
        assertEquals(done.missing == 0 ? 0 : 2, code, done + app.tailForMessage());
        System.out.println("[" + client + ", " + jdk + "] fail-over: " + done + "; left on the first broker and drained: " + leftOnTheFirst);
    }

    private static TreeSet<Integer> seqs(List<String> lines) {
        TreeSet<Integer> result = new TreeSet<>();
        for (String line : lines) {
            result.add(Integer.parseInt(line.substring(line.indexOf(' ') + 1).trim()));
        }
        return result;
    }
}
