package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.reattach.it.harness.AgentCli;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Jdk;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.StatusJson;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Operations (issue 6), attach: {@code java -jar reattach-agent.jar attach <pid>} into an application started without
 * the agent, a second attach that changes a setting, a third with an invalid one, and the one-line errors of
 * {@code attach} and {@code status}.
 * One client: what is tested is the agent's own machinery, the same for every provider.
 */
@ExtendWith(TestbedExtension.class)
class AttachIT {

    /**
     * The application creates its ConnectionFactory (the class is loaded), the agent is attached, then the application
     * connects and the broker is killed twice: no message lost. A second attach changes ReconDelay; status shows it.
     */
    @Tag(Tags.AGENT)
    @Test
    void anAgentAttachedToARunningApplicationManagesTheConnectionsItOpensAfterwards(Testbed testbed) {
        Client client = Client.one(Client.ARTEMIS_JAVAX);
        AppProcess app = testbed.app(client).mode("queue").args(Scenarios.KILL_RUN)
                .args("--wait-before-connect", "--destination=" + testbed.destination("q")).start();
        app.awaitLine("WAITING-FOR-CONNECT", Scenarios.SETUP);
        String pid = Long.toString(app.pid());

        AgentCli.Result notLoaded = AgentCli.run("status", pid);
        assertOneLineError(notLoaded, "status: Reattach is not loaded in JVM " + pid + " (" + AppProcess.MAIN_CLASS
                + "); load it with 'java -jar reattach-agent.jar attach " + pid + "'");

        AgentCli.Result attach = AgentCli.run("attach", pid, "ReconDelay=(200,100)", "MQReconnectTimeout=30");
        assertEquals(0, attach.exitCode(), attach.toString());
        assertTrue(attach.stdout().startsWith("attached Reattach to " + pid + " (" + AppProcess.MAIN_CLASS + ")"), attach.toString());
        AgentCli.Result list = AgentCli.run("list");
        assertTrue(list.stdout().lines().anyMatch(l -> l.matches(pid + " +\\d+\\.\\d+\\.\\d+\\S* +" + AppProcess.MAIN_CLASS)),
                "list must show the pid with Reattach's version and the main class: " + list);

        AgentCli.Result again = AgentCli.run("attach", pid, "ReconDelay=(250,50)", "MQReconnectTimeout=30");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.stdout().startsWith("updated the settings of Reattach in " + pid), again.toString());
        app.awaitErrLine(0, ".*settings updated by attach: ReconDelay \\(200,100\\) -> \\(250,50\\) \\[agent argument\\]",
                Duration.ofSeconds(10));
        assertTrue(again.stdout().contains("settings updated by attach: ReconDelay (200,100) -> (250,50) [agent argument]"), again.toString());
        AgentCli.Result invalid = AgentCli.run("attach", pid, "ReconDelay=(abc)");
        assertEquals(2, invalid.exitCode(), invalid.toString());
        assertTrue(invalid.stderr().startsWith("attach: Reattach in " + pid + " rejected the settings; its previous settings stay:"),
                invalid.toString());
        assertTrue(invalid.stderr().contains("agent argument: ReconDelay=(abc): "), invalid.toString());
        AgentCli.Result status = AgentCli.run("status", pid);
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.stdout().lines().anyMatch(l -> l.matches(" +ReconDelay +\\(250,50\\) +agent argument")),
                "status must show the new ReconDelay and its source: " + status);
        StatusJson json = new StatusJson(AgentCli.run("status", pid, "--json").stdout());
        assertEquals(List.of("(250,50)", "agent argument"), List.of(json.setting("ReconDelay")));
        assertEquals("true", json.agent("Attached"));

        app.send("connect");
        int code = Scenarios.killTwiceWhileSending(testbed, app);
        Scenarios.assertEverythingReceived(app, code);
        assertTrue(app.firstLineStartingWith("START ").orElse("").contains("agent=no"), "started without -javaagent");
        app.awaitErrLine(0, ".*connection #\\d+ .*reconnecting with ReconDelay=\\(250,50\\).*", Duration.ZERO);
    }

    @Tag(Tags.AGENT)
    @Test
    void attachAndStatusOfAPidThatDoesNotExistFailWithOneLine() {
        String pid = "2147483646"; // above Linux's largest pid (2^22)
        assertOneLineError(AgentCli.run("attach", pid), "attach: there is no process with pid " + pid);
        assertOneLineError(AgentCli.run("status", pid), "status: there is no process with pid " + pid);
    }

    /** A Java runtime without the module jdk.attach (a JRE), played by limiting the JDK's modules. */
    @Tag(Tags.AGENT)
    @Test
    void aJavaRuntimeWithoutTheAttachApiSaysToUseAJdk() {
        List<String> jre = List.of("--limit-modules", "java.base,java.instrument,java.management,java.management.rmi,java.logging");
        String self = Long.toString(ProcessHandle.current().pid());
        String expected = ": this Java runtime has no attach API (module jdk.attach): run the command with the java of a JDK, not of a JRE";
        assertOneLineError(AgentCli.run(Jdk.DEFAULT, jre, "attach", self), "attach" + expected);
        assertOneLineError(AgentCli.run(Jdk.DEFAULT, jre, "status", self), "status" + expected);
    }

    /** JDK 21 and later: a JVM started with -XX:-EnableDynamicAgentLoading refuses; the error says what to do. */
    @Tag(Tags.AGENT)
    @Test
    void aJdk25ThatRefusesDynamicAgentsGetsAnErrorNamingTheFlag(Testbed testbed) {
        Client client = Client.one(Client.ARTEMIS_JAVAX);
        AppProcess app = testbed.app(client).jdk(Jdk.TEMURIN_25.installed()).jvmArgs("-XX:-EnableDynamicAgentLoading")
                .mode("queue").args("--wait-before-connect").start();
        app.awaitLine("WAITING-FOR-CONNECT", Scenarios.SETUP);
        AgentCli.Result refused = AgentCli.run("attach", Long.toString(app.pid()));
        assertEquals(1, refused.exitCode(), refused.toString());
        assertEquals(1, refused.stderr().lines().count(), "one line: " + refused);
        assertTrue(refused.stderr().startsWith("attach: could not load the agent into " + app.pid() + ": "), refused.toString());
        assertTrue(refused.stderr().contains("restart the application with -XX:+EnableDynamicAgentLoading"), refused.toString());
    }

    static void assertOneLineError(AgentCli.Result r, String expected) {
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("", r.stdout(), r.toString());
        assertEquals(expected, r.stderr().stripTrailing(), r.toString());
        assertEquals(1, r.stderr().lines().count(), "one line: " + r);
    }
}
