package io.reattach.it.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.reattach.it.harness.Layout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JDBC connects survive a database restart (issue 12): a real PostgreSQL server ({@link PostgresServer}) stopped with
 * {@code pg_ctl stop -m immediate} between units of work of a legacy program ({@link JdbcApp}, its own JVM) and started
 * again, three times. Each unit of work is sent while the server is down, and the server is started only once the
 * agent has logged that the connect failed and is retried, so every unit of work meets an outage (and, as the server
 * starts, possibly its "starting up" window, SQLState 57P03). Tag {@code agent}: every row is there, exit 0; tag
 * {@code baseline}: the same program without the agent fails at the first outage.
 */
class JdbcIT {
    private static final int RESTARTS = 3;
    private static PostgresServer server;
    private Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.create();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshTable(TestInfo test) throws Exception {
        dir = Layout.target().resolve("it").resolve("JdbcIT").resolve(test.getDisplayName().replaceAll("[^A-Za-z0-9]+", "-"));
        Files.createDirectories(dir);
        server.start();
        server.query("DROP TABLE IF EXISTS rows; CREATE TABLE rows(n int PRIMARY KEY); ALTER TABLE rows OWNER TO " + PostgresServer.USER);
    }

    private String agentArgs() {
        return "JdbcTargets=127.0.0.1:" + server.port() + ",ReconDelay=(100,50),MQReconnectTimeout=30";
    }

    @Tag("agent")
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"driver", "hikari"})
    void withTheAgentEveryUnitOfWorkSurvivesTheRestarts(String pool) throws Exception {
        try (App app = App.start(dir, pool, agentArgs(), "--pool=" + pool, "--url=" + server.url())) {
            app.awaitLine("READY");
            for (int n = 1; n <= RESTARTS; n++) {
                if (n > 1) {
                    // HikariCP checks a pooled connection only when it was idle for more than 500 ms; one used sooner
                    // after the restart is dead, and its user gets the driver's exception (README, "JDBC").
                    Thread.sleep(600);
                }
                server.stopImmediately();
                app.send("row " + n);
                app.awaitAgentLines("the database may be down or not ready: retrying", n);
                server.start();
                app.awaitLine("ROW " + n);
            }
            app.send("quit");
            assertEquals(0, app.awaitExit(), app.toString());
            assertEquals(Arrays.asList("1", "2", "3"), server.query("SELECT n FROM rows ORDER BY n"), app.toString());
            assertEquals(RESTARTS, app.agentLines("connected after").size(), app.toString());
        } finally {
            server.start();
        }
    }

    @Tag("baseline")
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"driver", "hikari"})
    void withoutTheAgentTheProgramFailsAtTheFirstRestart(String pool) throws Exception {
        try (App app = App.start(dir, pool, null, "--pool=" + pool, "--url=" + server.url())) {
            app.awaitLine("READY");
            server.stopImmediately();
            app.send("row 1");
            assertEquals(1, app.awaitExit(), app.toString());
            // HikariCP's pool starts with this first getConnection: it tries once and throws the driver's exception.
            assertTrue(app.lines("EXCEPTION ").get(0).contains(" 08001 "), app.toString());
        } finally {
            server.start();
        }
    }

    /**
     * The server listens but is not ready: TCP accepts, every login gets SQLState 57P03 (as while PostgreSQL starts up,
     * recovers or shuts down). With the agent the connect waits for the server to become ready; without it, it fails.
     */
    @Tag("agent")
    @ParameterizedTest(name = "agent={0}")
    @ValueSource(booleans = {true, false})
    void aConnectToAServerThatListensButIsNotReadyWaitsWithTheAgentAndFailsWithout(boolean agent) throws Exception {
        try (App app = App.start(dir, "not-ready-" + agent, agent ? agentArgs() : null, "--pool=driver", "--url=" + server.url())) {
            app.awaitLine("READY");
            server.stopImmediately();
            server.startNotReady();
            app.send("row 1");
            if (agent) {
                app.awaitAgentLines("57P03", 1); // the agent's "failed (SQLState 57P03: ...): retrying" line
                server.promote();
                app.awaitLine("ROW 1");
                app.send("quit");
                assertEquals(0, app.awaitExit(), app.toString());
                assertEquals(Arrays.asList("1"), server.query("SELECT n FROM rows ORDER BY n"), app.toString());
            } else {
                assertEquals(1, app.awaitExit(), app.toString());
                assertTrue(app.lines("EXCEPTION ").get(0).contains(" 57P03 "), app.toString());
            }
        } finally {
            server.promoteIfNotReady();
        }
    }

    @Tag("agent")
    @Test
    void withTheAgentAWrongPasswordAndAMissingDatabaseFailAtOnceAsWithout() throws Exception {
        String slowPolicy = "JdbcTargets=127.0.0.1:" + server.port() + ",ReconDelay=(3000)";
        String[][] cases = {{"--url=" + server.url(), "--password=wrong", "28P01"},
                {"--url=" + server.url().replace(PostgresServer.DATABASE, "nope"), "--password=" + PostgresServer.PASSWORD, "3D000"}};
        for (String[] c : cases) {
            String with;
            String without;
            try (App app = App.start(dir, "with-" + c[2], slowPolicy, "--connect-once", c[0], c[1])) {
                app.awaitExit();
                with = app.lines("FAILED ").get(0);
                assertEquals(0, app.agentLines("retrying").size(), "not retried: " + app);
            }
            try (App app = App.start(dir, "without-" + c[2], null, "--connect-once", c[0], c[1])) {
                app.awaitExit();
                without = app.lines("FAILED ").get(0);
            }
            assertEquals(c[2], with.split(" ")[1], with);
            assertEquals(c[2], without.split(" ")[1], without);
            // A retry would have waited the policy's first delay, 3 s, first.
            assertTrue(Long.parseLong(with.split(" ")[2]) < 3000, "failed at once: " + with);
        }
    }

    /** {@link JdbcApp} in its own JVM; {@link #close()} stops it, also when a test fails. */
    private static final class App implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final Path err;
        private final OutputStream stdin;

        private App(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.stdin = process.getOutputStream();
        }

        static App start(Path dir, String name, String agentArgs, String... appArgs) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            if (agentArgs != null) {
                command.add("-javaagent:" + Layout.agentJar() + "=" + agentArgs);
            }
            command.add("-cp");
            command.add(String.join(File.pathSeparator, Layout.target().resolve("test-classes").toString(), jarOf(org.postgresql.Driver.class),
                    jarOf(HikariDataSource.class), jarOf(org.slf4j.LoggerFactory.class)));
            command.add(JdbcApp.class.getName());
            command.addAll(Arrays.asList(appArgs));
            String file = (agentArgs != null ? "agent-" : "plain-") + name;
            Path out = dir.resolve(file + ".out");
            Path err = dir.resolve(file + ".err");
            return new App(new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
        }

        private static String jarOf(Class<?> c) {
            try {
                return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void send(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        void awaitLine(String line) throws Exception {
            await(() -> lines(line).size() > 0, "no line " + line);
        }

        void awaitAgentLines(String text, int count) throws Exception {
            await(() -> agentLines(text).size() >= count, count + " agent lines with " + text);
        }

        private void await(Check check, String what) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (check.holds()) {
                    return;
                }
                Thread.sleep(20);
            }
            if (!check.holds()) {
                throw new AssertionError(what + "\n" + this + "\n--- server log\n" + server.logTail());
            }
        }

        private interface Check {
            boolean holds() throws IOException;
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("still running\n" + this);
            }
            return process.exitValue();
        }

        List<String> lines(String prefix) throws IOException {
            List<String> result = new ArrayList<>();
            for (String l : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                if (l.startsWith(prefix)) {
                    result.add(l);
                }
            }
            return result;
        }

        List<String> agentLines(String text) throws IOException {
            List<String> result = new ArrayList<>();
            for (String l : Files.readAllLines(err, StandardCharsets.UTF_8)) {
                if (l.contains("reattach") && l.contains(text)) {
                    result.add(l);
                }
            }
            return result;
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            try {
                return "--- stdout\n" + Files.readString(out) + "--- stderr\n" + Files.readString(err);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        }
    }
}
