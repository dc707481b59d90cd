package io.reattach.it.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.reattach.it.harness.ChildJvm;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

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
    private static final long AWAIT_MILLIS = 30_000;
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
        try (ChildJvm app = app(pool, agentArgs(), "--pool=" + pool, "--url=" + server.url())) {
            app.awaitLine("READY", AWAIT_MILLIS);
            for (int n = 1; n <= RESTARTS; n++) {
                if (n > 1) {
                    // HikariCP checks a pooled connection only when it was idle for more than 500 ms; one used sooner
                    // after the restart is dead, and its user gets the driver's exception (README, "JDBC").
                    Thread.sleep(600);
                }
                server.stopImmediately();
                app.send("row " + n);
                app.awaitAgentLog("the database may be down or not ready: retrying", n, AWAIT_MILLIS);
                server.start();
                app.awaitLine("ROW " + n, AWAIT_MILLIS);
            }
            app.send("quit");
            assertEquals(0, app.awaitExit(60), app.toString());
            assertEquals(Arrays.asList("1", "2", "3"), server.query("SELECT n FROM rows ORDER BY n"), app.toString());
            assertEquals(RESTARTS, app.agentLog("connected after").size(), app.toString());
        } finally {
            server.start();
        }
    }

    @Tag("baseline")
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"driver", "hikari"})
    void withoutTheAgentTheProgramFailsAtTheFirstRestart(String pool) throws Exception {
        try (ChildJvm app = app(pool, null, "--pool=" + pool, "--url=" + server.url())) {
            app.awaitLine("READY", AWAIT_MILLIS);
            server.stopImmediately();
            app.send("row 1");
            assertEquals(1, app.awaitExit(60), app.toString());
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
        try (ChildJvm app = app("not-ready-" + agent, agent ? agentArgs() : null, "--pool=driver", "--url=" + server.url())) {
            app.awaitLine("READY", AWAIT_MILLIS);
            server.stopImmediately();
            server.startNotReady();
            app.send("row 1");
            if (agent) {
                app.awaitAgentLog("57P03", 1, AWAIT_MILLIS); // the agent's "failed (SQLState 57P03: ...): retrying" line
                server.promote();
                app.awaitLine("ROW 1", AWAIT_MILLIS);
                app.send("quit");
                assertEquals(0, app.awaitExit(60), app.toString());
                assertEquals(Arrays.asList("1"), server.query("SELECT n FROM rows ORDER BY n"), app.toString());
            } else {
                assertEquals(1, app.awaitExit(60), app.toString());
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
            try (ChildJvm app = app("with-" + c[2], slowPolicy, "--connect-once", c[0], c[1])) {
                app.awaitExit(60);
                with = app.lines("FAILED ").get(0);
                assertEquals(0, app.agentLog("retrying").size(), "not retried: " + app);
            }
            try (ChildJvm app = app("without-" + c[2], null, "--connect-once", c[0], c[1])) {
                app.awaitExit(60);
                without = app.lines("FAILED ").get(0);
            }
            assertEquals(c[2], with.split(" ")[1], with);
            assertEquals(c[2], without.split(" ")[1], without);
            // A retry would have waited the policy's first delay, 3 s, first.
            assertTrue(Long.parseLong(with.split(" ")[2]) < 3000, "failed at once: " + with);
        }
    }

    /**
     * {@link JdbcApp} in its own JVM, with the driver, HikariCP and SLF4J; its outputs are {@code agent-<name>} or
     * {@code plain-<name>}.
     */
    private ChildJvm app(String name, String agentArgs, String... appArgs) throws IOException {
        String classpath = String.join(File.pathSeparator, Layout.target().resolve("test-classes").toString(),
                jarOf(org.postgresql.Driver.class), jarOf(HikariDataSource.class), jarOf(org.slf4j.LoggerFactory.class));
        return ChildJvm.of(JdbcApp.class).agent(agentArgs).classpath(classpath).onFailureShow(() -> "\n--- server log\n" + server.logTail())
                .start(dir, (agentArgs != null ? "agent-" : "plain-") + name, appArgs);
    }

    private static String jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
