package io.reattach.it.sockets;

import com.sun.net.httpserver.HttpServer;
import io.reattach.broker.FreePort;
import io.reattach.it.harness.ChildJvm;
import io.reattach.it.harness.Jdk;
import io.reattach.it.harness.Layout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plain sockets (issue 5): a legacy TCP client ({@link SocketClientApp}) in its own JVM, on JDK 17 and Temurin 25,
 * with {@code SocketTargets} / {@code ConnectionNameList}; servers ({@link LineServer}, the JDK's HttpServer) in
 * the test JVM on 127.0.0.1. Tag {@code agent}: with the agent; {@code baseline}: the same client without it, which
 * proves the scenario bites.
 */
class SocketsIT {

    /** Short delays: no test sleeps through a real schedule. */
    private static final String FAST = "ReconDelay=(200,100)";
    /** The outage the client starts into. */
    private static final long SERVER_LATE_MS = 2000;
    private static final int POLICY_SECONDS = 2;

    // ------------------------------------------------------------------ 1. the server comes up two seconds late

    @Tag("agent")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void withTheAgentASocketConnectWaitsForALateServer(Jdk jdk, TestInfo test) throws Exception {
        assertWaitsForALateServer(jdk, test, "socket");
    }

    @Tag("agent")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void withTheAgentABlockingChannelConnectWaitsForALateServer(Jdk jdk, TestInfo test) throws Exception {
        assertWaitsForALateServer(jdk, test, "channel");
    }

    private void assertWaitsForALateServer(Jdk jdk, TestInfo test, String how) throws Exception {
        int port = FreePort.find();
        try (ChildJvm client = client(dir(test, jdk), "client", jdk, "SocketTargets=127.0.0.1:" + port + "," + FAST,
                List.of(), "--how=" + how, "--port=" + port)) {
            assertTalksToTheLateServer(client, port);
            // The agent jar is on the bootstrap class path from the start (its manifest's Boot-Class-Path): the socket
            // bridge needs no jar appended there, which would turn class-data sharing off with a warning.
            assertFalse((client.stderr() + client.stdoutLines()).contains(SHARING_WARNING), client.toString());
        }
    }

    private static final String SHARING_WARNING = "bootstrap classpath has been appended";

    /**
     * Under another name the JVM does not find the jar that the manifest's Boot-Class-Path names: the agent runs from
     * the application class path, and the socket support appends a jar of its bridge to the bootstrap class path
     * itself (the JVM then prints its class-data sharing warning). The application is served all the same.
     */
    @Tag("agent")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void fromARenamedAgentJarASocketConnectWaitsForALateServer(Jdk jdk, TestInfo test) throws Exception {
        Path dir = dir(test, jdk);
        Path renamed = Files.createDirectories(dir.resolve("renamed")).resolve("legacy-agent.jar");
        Files.copy(Layout.agentJar(), renamed, StandardCopyOption.REPLACE_EXISTING);
        int port = FreePort.find();
        try (ChildJvm client = ChildJvm.of(SocketClientApp.class).java(jdk.installed().java()).agentJar(renamed)
                .agent("SocketTargets=127.0.0.1:" + port + "," + FAST).start(dir, "client", "--how=socket", "--port=" + port)) {
            assertTalksToTheLateServer(client, port);
            assertFalse(client.stderr().contains("internal error"), client.toString());
        }
    }

    @Tag("baseline")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void withoutTheAgentTheConnectFailsAtOnce(Jdk jdk, TestInfo test) throws Exception {
        int port = FreePort.find();
        try (ChildJvm client = client(dir(test, jdk), "client", jdk, null, List.of(), "--how=socket", "--port=" + port)) {
            assertEquals(1, client.awaitExit(30), client.toString());
            assertTrue(client.lines("EXCEPTION ").get(0).startsWith("EXCEPTION java.net.ConnectException "), client.toString());
        }
    }

    /** The same, with the agent loaded into the running client by {@code attach} instead of {@code -javaagent}. */
    @Tag("agent")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void afterAnAttachASocketConnectWaitsForALateServer(Jdk jdk, TestInfo test) throws Exception {
        int port = FreePort.find();
        Path dir = dir(test, jdk);
        try (ChildJvm client = client(dir, "client", jdk, null, List.of("-XX:+EnableDynamicAgentLoading"),
                "--how=socket", "--port=" + port, "--wait-stdin")) {
            client.awaitLine("READY", 20_000);
            Process attach = new ProcessBuilder(jdk.java().toString(), "-jar", Layout.agentJar().toString(), "attach",
                    String.valueOf(client.pid()), "SocketTargets=127.0.0.1:" + port, FAST)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("attach.out").toFile()).start();
            try {
                assertTrue(attach.waitFor(30, TimeUnit.SECONDS), "attach still runs");
                assertEquals(0, attach.exitValue(), "attach failed: " + java.nio.file.Files.readString(dir.resolve("attach.out")));
            } finally {
                attach.destroyForcibly();
            }
            client.send("go");
            assertTalksToTheLateServer(client, port);
        }
    }

    /**
     * Live tuning: the client starts with an INI file that names no socket target; an edit of the file adds one. The
     * reload installs the socket support, and the next connect waits for the late server.
     */
    @Tag("agent")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void anIniEditThatAddsATargetAppliesToTheNextConnect(Jdk jdk, TestInfo test) throws Exception {
        int port = FreePort.find();
        Path dir = dir(test, jdk);
        java.nio.file.Files.createDirectories(dir);
        Path ini = dir.resolve("mqclient.ini");
        String stanza = "CHANNELS:\n  ReconDelay=(200,100)\n  ConfigPollInterval=100\n";
        java.nio.file.Files.writeString(ini, stanza);
        try (ChildJvm client = client(dir, "client", jdk, "config=" + ini, List.of(),
                "--how=socket", "--port=" + port, "--wait-stdin")) {
            client.awaitLine("READY", 20_000);
            java.nio.file.Files.writeString(ini, stanza + "  SocketTargets=127.0.0.1:" + port + "\n");
            client.awaitAgentLog("SocketTargets", 20_000); // the reload's line names what changed
            client.send("go");
            assertTalksToTheLateServer(client, port);
        }
    }

    // ------------------------------------------------------------------ 2. fail-over along ConnectionNameList

    @Tag("agent")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void theFirstAddressOfTheListRefusesTheClientTalksToTheSecond(Jdk jdk, TestInfo test) throws Exception {
        int first = FreePort.find();
        try (LineServer second = LineServer.start(FreePort.find(), "second");
             ChildJvm client = client(dir(test, jdk), "client", jdk,
                     "ConnectionNameList=127.0.0.1(" + first + "),127.0.0.1(" + second.port() + ")," + FAST, List.of(),
                     "--how=socket", "--port=" + first, "--times=2")) {
            assertEquals(0, client.awaitExit(30), client.toString());
            assertEquals(List.of("REPLY pong second", "REPLY pong second"), replies(client), client.toString());
            // The second connect goes straight to the address that worked: one fail-over, not two.
            assertEquals(1, client.agentLog("fail-over to 127.0.0.1(" + second.port() + ")").size(), client.toString());
        }
    }

    /**
     * A connected socket that fails later fails for the application (no replay of a byte stream); the agent logs it
     * once and the next connect starts with the next address of the list.
     */
    @Tag("agent")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void aConnectedSocketThatFailsFailsForTheApplicationAndTheNextConnectGoesToTheNextAddress(Jdk jdk, TestInfo test) throws Exception {
        try (LineServer first = LineServer.start(FreePort.find(), "first", 1);
             LineServer second = LineServer.start(FreePort.find(), "second");
             ChildJvm client = client(dir(test, jdk), "client", jdk,
                     "ConnectionNameList=127.0.0.1(" + first.port() + "),127.0.0.1(" + second.port() + ")," + FAST, List.of(),
                     "--how=socket", "--port=" + first.port(), "--times=2")) {
            assertEquals(1, client.awaitExit(30), client.toString());
            List<String> outcomes = client.stdoutLines().stream().filter(l -> l.startsWith("REPLY") || l.startsWith("EXCEPTION"))
                    .map(l -> l.replaceAll(" ms=\\d+", "")).collect(Collectors.toList());
            assertEquals(2, outcomes.size(), client.toString());
            assertTrue(outcomes.get(0).startsWith("EXCEPTION java.net.SocketException"), client.toString());
            assertEquals("REPLY pong second", outcomes.get(1), client.toString());
            assertEquals(1, client.agentLog("connection lost").size(), client.toString());
            assertFalse(client.agentLog("the next connect starts with 127.0.0.1(" + second.port() + ")").isEmpty(), client.toString());
        }
    }

    // ------------------------------------------------------------------ 3. the policy ends

    @Tag("agent")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void whenThePolicyEndsTheClientGetsConnectExceptionOnTime(Jdk jdk, TestInfo test) throws Exception {
        int port = FreePort.find();
        try (ChildJvm client = client(dir(test, jdk), "client", jdk,
                "SocketTargets=127.0.0.1:" + port + "," + FAST + ",MQReconnectTimeout=" + POLICY_SECONDS, List.of(),
                "--how=socket", "--port=" + port)) {
            assertEquals(1, client.awaitExit(30), client.toString());
            String line = client.lines("EXCEPTION ").get(0);
            assertTrue(line.startsWith("EXCEPTION java.net.ConnectException "), client.toString());
            long ms = millis(line);
            assertTrue(ms >= POLICY_SECONDS * 1000L - 300 && ms <= POLICY_SECONDS * 1000L + 1500, ms + " ms\n" + client);
            assertEquals(1, client.agentLog("giving up").size(), client.toString());
        }
    }

    // ------------------------------------------------------------------ 4. a connect that is not a target

    @Tag("agent")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void aConnectToANonTargetFailsAtOnceWithoutRetries(Jdk jdk, TestInfo test) throws Exception {
        int target = FreePort.find();
        int other = FreePort.find();
        try (ChildJvm client = client(dir(test, jdk), "client", jdk, "SocketTargets=127.0.0.1:" + target + "," + FAST,
                List.of(), "--how=socket", "--port=" + other)) {
            assertEquals(1, client.awaitExit(30), client.toString());
            String line = client.lines("EXCEPTION ").get(0);
            assertTrue(line.startsWith("EXCEPTION java.net.ConnectException "), client.toString());
            assertTrue(millis(line) < 1000, client.toString());
            // Not one agent line about this connect: only the start-up line.
            assertEquals(List.of(), client.stderr().lines().filter(l -> l.contains("reattach - ") && !l.contains("manages plain-socket connects"))
                    .collect(Collectors.toList()), client.toString());
        }
    }

    // ------------------------------------------------------------------ 5. a black-holed target and a connect timeout

    @Tag("agent")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void aConnectWithATimeoutToABlackHoleIsRetriedPerAttemptAndEndsWithThePolicy(Jdk jdk, TestInfo test) throws Exception {
        int timeout = 300;
        try (LineServer hole = LineServer.blackHole();
             ChildJvm client = client(dir(test, jdk), "client", jdk,
                     "SocketTargets=127.0.0.1:" + hole.port() + "," + FAST + ",MQReconnectTimeout=" + POLICY_SECONDS, List.of(),
                     "--how=socket-timeout", "--port=" + hole.port(), "--timeout-ms=" + timeout)) {
            assertEquals(1, client.awaitExit(30), client.toString());
            String line = client.lines("EXCEPTION ").get(0);
            assertTrue(line.startsWith("EXCEPTION java.net.SocketTimeoutException "), client.toString());
            long ms = millis(line);
            // The policy's time, then the real connect with the application's own timeout.
            assertTrue(ms >= POLICY_SECONDS * 1000L - 300 && ms <= POLICY_SECONDS * 1000L + timeout + 1500, ms + " ms\n" + client);
            assertTrue(client.agentLog("attempt 2 failed (java.net.SocketTimeoutException").size() == 1, client.toString());
            assertEquals(1, client.agentLog("giving up").size(), client.toString());
        }
    }

    @Tag("baseline")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void withoutTheAgentABlackHoleTimesOutAfterTheConnectTimeout(Jdk jdk, TestInfo test) throws Exception {
        try (LineServer hole = LineServer.blackHole();
             ChildJvm client = client(dir(test, jdk), "client", jdk, null, List.of(),
                     "--how=socket-timeout", "--port=" + hole.port(), "--timeout-ms=300")) {
            assertEquals(1, client.awaitExit(30), client.toString());
            String line = client.lines("EXCEPTION ").get(0);
            assertTrue(line.startsWith("EXCEPTION java.net.SocketTimeoutException "), client.toString());
            assertTrue(millis(line) < 1500, client.toString());
        }
    }

    // ------------------------------------------------------------------ 6. real client code: HttpURLConnection

    @Tag("agent")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void withTheAgentHttpUrlConnectionWaitsForAnHttpServerThatStartsLate(Jdk jdk, TestInfo test) throws Exception {
        int port = FreePort.find();
        try (ChildJvm client = client(dir(test, jdk), "client", jdk, "SocketTargets=127.0.0.1:" + port + "," + FAST,
                List.of(), "--how=http", "--port=" + port, "--timeout-ms=5000")) {
            awaitLateServer(client);
            HttpServer server = httpServer(port);
            try {
                assertEquals(0, client.awaitExit(30), client.toString());
                assertEquals(List.of("REPLY 200 hello"), replies(client), client.toString());
            } finally {
                server.stop(0);
            }
        }
    }

    @Tag("baseline")
    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void withoutTheAgentHttpUrlConnectionFailsAtOnce(Jdk jdk, TestInfo test) throws Exception {
        int port = FreePort.find();
        try (ChildJvm client = client(dir(test, jdk), "client", jdk, null, List.of(), "--how=http", "--port=" + port,
                "--timeout-ms=5000")) {
            assertEquals(1, client.awaitExit(30), client.toString());
            assertTrue(client.lines("EXCEPTION ").get(0).startsWith("EXCEPTION java.net.ConnectException "), client.toString());
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * {@link SocketClientApp} in its own JVM of {@code jdk}.
     *
     * @param agentArgs null: no agent; otherwise the {@code -javaagent} arguments
     * @param jvmArgs   more JVM options
     */
    private static ChildJvm client(Path dir, String name, Jdk jdk, String agentArgs, List<String> jvmArgs, String... appArgs)
            throws IOException {
        return ChildJvm.of(SocketClientApp.class).java(jdk.installed().java()).agent(agentArgs).jvmArgs(jvmArgs).start(dir, name, appArgs);
    }

    /**
     * The client's first connect has failed (the agent says so; the client JVM's start-up time on a loaded machine
     * does not count), then the outage lasts {@link #SERVER_LATE_MS} more: the outage the client starts into, not a
     * backoff schedule.
     */
    /** The client waits for a server that is not there yet; when it comes up, the client's exchange completes. */
    private static void assertTalksToTheLateServer(ChildJvm client, int port) throws Exception {
        awaitLateServer(client);
        try (LineServer server = LineServer.start(port, "late")) {
            assertEquals(0, client.awaitExit(30), client.toString());
            assertEquals(List.of("REPLY pong late"), replies(client), client.toString());
        }
    }

    private static void awaitLateServer(ChildJvm client) throws Exception {
        client.awaitAgentLog("attempt 1 failed (java.net.ConnectException", 30_000);
        Thread.sleep(SERVER_LATE_MS);
        assertTrue(client.lines("REPLY ").isEmpty() && client.lines("EXCEPTION ").isEmpty(), "the client must still wait\n" + client);
    }

    private static HttpServer httpServer(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/hello", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private static List<String> replies(ChildJvm client) throws IOException {
        List<String> result = new ArrayList<>();
        for (String l : client.lines("REPLY ")) {
            result.add(l.replaceAll(" ms=\\d+$", ""));
        }
        return result;
    }

    private static long millis(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" ms=(\\d+)").matcher(line);
        if (!m.find()) {
            throw new AssertionError("no ms= in " + line);
        }
        return Long.parseLong(m.group(1));
    }

    private static Path dir(TestInfo test, Jdk jdk) {
        return Layout.target().resolve("it").resolve("SocketsIT")
                .resolve(test.getTestMethod().orElseThrow().getName() + "-" + jdk.name().toLowerCase());
    }
}
