package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Scenario 6: {@code Connection.close()} while the broker is down (the agent is busy reconnecting) returns within a
 * second, does not throw, and leaves no thread whose name starts with {@code reattach} (the application allows them
 * one second to end after {@code close()} returned).
 */
@ExtendWith(TestbedExtension.class)
class CloseDuringOutageIT {

    static final long CLOSE_MS = 1000;

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void withTheAgent(Client client, Testbed testbed) throws InterruptedException {
        run(testbed, testbed.app(client).withAgent(Scenarios.FAST_RECONNECT));
    }

    @Tag(Tags.BASELINE)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.CLIENTS)
    void withoutTheAgent(Client client, Testbed testbed) throws InterruptedException {
        run(testbed, testbed.app(client));
    }

    private static void run(Testbed testbed, AppProcess.Builder builder) throws InterruptedException {
        BrokerProcess broker = testbed.broker();
        AppProcess app = builder.mode("close")
                .args("--count=5", "--destination=" + testbed.destination("q"))
                .start();
        app.awaitLine("READY", Scenarios.SETUP);
        broker.kill();
        Thread.sleep(1000); // several reconnect attempts at 200-300 ms
        app.send("close");
        int code = app.awaitExit(Duration.ofSeconds(30));

        Matcher close = app.awaitLine("CLOSE-MS (\\d+)", Duration.ZERO);
        long ms = Long.parseLong(close.group(1));
        assertTrue(ms < CLOSE_MS, "close() took " + ms + " ms during the outage" + app.tailForMessage());
        Matcher after = app.awaitLine("REATTACH-THREADS-AFTER (\\d+).*", Duration.ZERO);
        assertEquals("0", after.group(1), "threads left after close(): " + after.group(0));
        assertTrue(app.linesStartingWith("APP-EXCEPTION").isEmpty(), "close() threw" + app.tailForMessage());
        assertEquals(0, code, "exit code" + app.tailForMessage());
    }
}
