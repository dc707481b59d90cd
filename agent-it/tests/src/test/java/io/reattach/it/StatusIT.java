package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

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
 * Operations (issue 6), status: {@code status <pid>} (table and {@code --json}) during an outage and after it, and a
 * password given to {@code createConnection(user, password)} that must appear nowhere an operator can look.
 */
@ExtendWith(TestbedExtension.class)
class StatusIT {

    private static final String USER = "ops-user-4711";
    private static final String PASSWORD = "pw-Kx9-never-shown-3c7f";
    private static final Duration POLL = Duration.ofSeconds(40);

    @Tag(Tags.AGENT)
    @Test
    void statusShowsReconnectingDuringAnOutageAndConnectedWithOneReconnectAfterItAndNeverThePassword(Testbed testbed)
            throws Exception {
        Client client = Client.one(Client.QPID2);
        BrokerProcess broker = testbed.broker();
        AppProcess app = testbed.app(client).withAgent(Scenarios.FAST_RECONNECT + ",LogLevel=DEBUG").mode("close")
                .args("--count=5", "--user=" + USER, "--destination=" + testbed.destination("q"))
                .env("LEGACY_APP_PASSWORD", PASSWORD).start();
        app.awaitLine("READY", Scenarios.SETUP);
        String pid = Long.toString(app.pid());
        List<String> seen = new ArrayList<>(); // every status output, for the password check

        StatusJson before = status(pid, seen);
        assertEquals(1, before.connections().size(), before.toString());
        String c = before.connections().get(0);
        assertEquals("CONNECTED", StatusJson.field(c, "State"), c);
        assertEquals("0", StatusJson.field(c, "Reconnects"), c);
        assertEquals(USER, StatusJson.field(c, "User"), c);
        assertEquals(client.factoryClass(), StatusJson.field(c, "Provider"), c);
        assertTrue(StatusJson.field(c, "Target").contains("127.0.0.1:" + broker.port()), c);
        assertEquals("", StatusJson.field(c, "LastFailure"), c);

        broker.kill();
        String during = pollStatus(pid, seen, conn -> StatusJson.field(conn, "State").equals("RECONNECTING"));
        assertFalse(StatusJson.field(during, "LastFailure").isEmpty(), during);
        assertFalse(StatusJson.field(during, "LastFailureTime").isEmpty(), during);
        AgentCli.Result table = AgentCli.run("status", pid);
        seen.add(table.toString());
        assertTrue(table.stdout().lines().anyMatch(l -> l.matches(" +\\d+ +Connection +(RECONNECTING|CONNECTED) +\\d+ .*")),
                "a table row per connection: " + table);

        broker.start();
        String after = pollStatus(pid, seen, conn -> StatusJson.field(conn, "State").equals("CONNECTED")
                && StatusJson.field(conn, "Reconnects").equals("1"));
        assertFalse(StatusJson.field(after, "LastFailure").isEmpty(), "the last failure stays shown: " + after);
        AgentCli.Result tableAfter = AgentCli.run("status", pid);
        seen.add(tableAfter.toString());
        assertTrue(tableAfter.stdout().lines().anyMatch(l -> l.matches(" +\\d+ +Connection +CONNECTED +1 .*")), tableAfter.toString());
        assertTrue(tableAfter.stdout().contains("last failure at "), tableAfter.toString());

        String mbeans = everyMBeanAttribute(pid);

        app.send("close");
        assertEquals(0, app.awaitExit(Scenarios.FINISH), app.tailForMessage());
        String log = Files.readString(app.logFile(), StandardCharsets.UTF_8);
        assertTrue(log.contains("reconnected after"), "the agent's log is in the file searched" + app.tailForMessage());

        // The same search finds the user name everywhere: it would find the password if it were there.
        assertLeaksNothing("the application's log (stdout, stderr, agent log at DEBUG)", log);
        assertLeaksNothing("status and status --json", String.join("\n", seen));
        assertLeaksNothing("the attributes of every MBean in the JVM", mbeans);
    }

    private static void assertLeaksNothing(String where, String text) {
        assertTrue(text.contains(USER), where + " must show the user name, or the search proves nothing:\n" + text);
        assertFalse(text.contains(PASSWORD), "the password appears in " + where + ":\n" + text);
    }

    private static StatusJson status(String pid, List<String> seen) {
        AgentCli.Result r = AgentCli.run("status", pid, "--json");
        seen.add(r.toString());
        assertEquals(0, r.exitCode(), r.toString());
        return new StatusJson(r.stdout());
    }

    /** Polls {@code status --json} until the one connection matches; returns it. */
    private static String pollStatus(String pid, List<String> seen, Predicate<String> condition) throws InterruptedException {
        long deadline = System.nanoTime() + POLL.toNanos();
        StatusJson last = null;
        while (System.nanoTime() < deadline) {
            last = status(pid, seen);
            if (last.connections().size() == 1 && condition.test(last.connections().get(0))) {
                return last.connections().get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("status never showed the expected state within " + POLL + "; last: " + last);
    }

    /** Every readable attribute of every MBean of the application's JVM, through its local JMX connector. */
    private static String everyMBeanAttribute(String pid) throws Exception {
        Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
        Object vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
        String address;
        try {
            address = (String) vmClass.getMethod("startLocalManagementAgent").invoke(vm);
        } finally {
            vmClass.getMethod("detach").invoke(vm);
        }
        StringBuilder sb = new StringBuilder();
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            for (ObjectName name : server.queryNames(null, null)) {
                for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                    if (!a.isReadable()) {
                        continue;
                    }
                    try {
                        sb.append(name).append(' ').append(a.getName()).append('=').append(text(server.getAttribute(name, a.getName())))
                                .append('\n');
                    } catch (Exception | Error e) {
                        // unsupported or failing attributes of the JVM's own beans: they cannot show anything
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read the MBeans of " + pid, e);
        }
        assertTrue(sb.indexOf("io.reattach:type=Connection") >= 0, "the agent's beans must be among them:\n" + sb);
        return sb.toString();
    }

    private static String text(Object value) {
        if (value == null) {
            return "null";
        }
        if (value.getClass().isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(value); i++) {
                sb.append(i == 0 ? "" : ", ").append(text(Array.get(value, i)));
            }
            return sb.append(']').toString();
        }
        if (value instanceof CompositeData cd) {
            StringBuilder sb = new StringBuilder("{");
            for (String key : cd.getCompositeType().keySet()) {
                sb.append(key).append('=').append(text(cd.get(key))).append(' ');
            }
            return sb.append('}').toString();
        }
        if (value instanceof TabularData td) {
            StringBuilder sb = new StringBuilder("{");
            for (Object row : td.values()) {
                sb.append(text(row)).append(' ');
            }
            return sb.append('}').toString();
        }
        if (value instanceof Map<?, ?> m) {
            return m.toString();
        }
        return value.toString();
    }
}
