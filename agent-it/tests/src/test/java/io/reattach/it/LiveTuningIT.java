package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.reattach.broker.BrokerProcess;
import io.reattach.it.harness.AgentCli;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.StatusJson;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Operations (issue 6), live tuning: the INI file is edited while the application runs. A valid edit of ReconDelay is
 * used by the next reconnect; an invalid edit is rejected with its file:line message and the schedule stays.
 */
@ExtendWith(TestbedExtension.class)
class LiveTuningIT {

    private static final Duration LOG = Duration.ofSeconds(30);

    @Tag(Tags.AGENT)
    @Test
    void anEditedReconDelayIsUsedByTheNextReconnectAndAnInvalidEditKeepsIt(Testbed testbed) throws IOException {
        Client client = Client.one(Client.CLASSIC5);
        BrokerProcess broker = testbed.broker();
        Path ini = testbed.dir().resolve("mqclient.ini").toAbsolutePath();
        write(ini, "CHANNELS:\n  ReconDelay=(200,100)\n  MQReconnectTimeout=30\n  ConfigPollInterval=100\n");
        AppProcess app = testbed.app(client).withAgent("config=" + ini + ",LogLevel=DEBUG").mode("close")
                .args("--count=5", "--destination=" + testbed.destination("q")).start();
        app.awaitLine("READY", Scenarios.SETUP);
        String file = Pattern.quote(ini.toString());

        int mark = app.errLineCount();
        write(ini, "CHANNELS:\n  ReconDelay=(1500)\n  MQReconnectTimeout=30\n  ConfigPollInterval=100\n");
        app.awaitErrLine(mark, ".*\\[INFO\\] reattach - settings reloaded from " + file + ": ReconDelay \\(200,100\\) -> \\(1500,0\\) \\["
                + file + ":2\\]", LOG);
        outageUsesTheSchedule(app, broker, "(1500,0)", 1500);

        mark = app.errLineCount();
        write(ini, "CHANNELS:\n  ReconDelay=(1500,abc)\n  MQReconnectTimeout=30\n  ConfigPollInterval=100\n");
        app.awaitErrLine(mark, ".*\\[WARN\\] reattach - " + file + " changed but is invalid; the previous settings stay: " + file
                + ":2: ReconDelay=\\(1500,abc\\): 'abc' is not a whole number of milliseconds.*", LOG);
        StatusJson status = new StatusJson(AgentCli.run("status", Long.toString(app.pid()), "--json").stdout());
        assertEquals(List.of("(1500,0)", ini + ":2"), List.of(status.setting("ReconDelay")), status.toString());
        assertEquals("1", status.agent("RejectedReloads"), status.toString());
        assertEquals("1", status.agent("SettingsUpdates"), status.toString());
        assertEquals(1, status.connections().size(), status.toString());
        String connection = status.connections().get(0);
        assertEquals("tcp://127.0.0.1:" + broker.port(), StatusJson.field(connection, "Target"), connection);
        assertEquals(client.factoryClass(), StatusJson.field(connection, "Provider"), connection);
        assertEquals("1", StatusJson.field(connection, "Reconnects"), connection);
        outageUsesTheSchedule(app, broker, "(1500,0)", 1500);

        app.send("close");
        assertEquals(0, app.awaitExit(Scenarios.FINISH), app.tailForMessage());
    }

    /** Kills the broker: the reconnect announces the schedule and waits its first delay; then the broker comes back. */
    private static void outageUsesTheSchedule(AppProcess app, BrokerProcess broker, String reconDelay, long firstDelay) {
        int mark = app.errLineCount();
        broker.kill();
        app.awaitErrLine(mark, ".*reconnecting with ReconDelay=" + Pattern.quote(reconDelay) + ", .*", LOG);
        Matcher attempt = app.awaitErrLine(mark, ".*reconnect attempt 1 in (\\d+) ms", LOG);
        assertEquals(firstDelay, Long.parseLong(attempt.group(1)), "the first delay of the schedule in force" + app.tailForMessage());
        broker.start();
        app.awaitErrLine(mark, ".*reconnected after \\d+ attempt.*", Scenarios.PROGRESS);
    }

    private static void write(Path ini, String text) throws IOException {
        // Written to a new file and moved over the old one, as editors save; owner-only writable, or it is refused.
        Path tmp = ini.resolveSibling(ini.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, ini, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertTrue(Files.isRegularFile(ini));
    }
}
