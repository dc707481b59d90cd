package io.reattach.jdbc;

import io.reattach.config.Environment;
import io.reattach.config.SettingsLoader;
import io.reattach.policy.ManualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hook as the woven {@code Driver.connect} calls it ({@code enter}, the driver's own connect, {@code exit}), over a
 * {@link ScriptedDriver}; the waits are {@link ManualTime}'s, so a schedule runs at once and the test sees each wait.
 */
class DriverConnectRetryTest {
    private static final String URL = "jdbc:postgresql://db1:5432/app";

    @TempDir
    Path tmp;
    private final ManualTime time = new ManualTime();

    private DriverConnectRetry hook(String args) throws Exception {
        Environment isolated = Environment.of(Collections.<String, String>emptyMap(), Collections.<String, String>emptyMap(), tmp, tmp);
        return new DriverConnectRetry(SettingsLoader.load(args, isolated), time, time);
    }

    /** What the woven code does: the outcome the application gets. */
    private static Object[] connect(DriverConnectRetry hook, ScriptedDriver driver, String url) {
        Object call = hook.enter(driver, url, new Properties());
        Connection result = null;
        SQLException thrown = null;
        try {
            result = driver.connect(url, new Properties());
        } catch (SQLException e) {
            thrown = e;
        }
        if (call == null) {
            return new Object[]{result, thrown};
        }
        Object[] outcome = hook.exit(call, result, thrown);
        return outcome != null ? outcome : new Object[]{result, thrown};
    }

    @Test
    void aRefusedConnectAndAServerStartingUpAreRetriedOnTheScheduleUntilTheConnectWorks() throws Exception {
        ScriptedDriver driver = new ScriptedDriver().failWith(new SQLException("refused", "08001"),
                new SQLException("FATAL: the database system is starting up", "57P03"));

        Object[] outcome = connect(hook("JdbcTargets=db1:5432,ReconDelay=(100)(200)"), driver, URL);

        assertNotNull(outcome[0]);
        assertNull(outcome[1]);
        assertEquals(3, driver.connects);
        assertEquals(Arrays.asList(100L, 200L), time.waits());
    }

    @Test
    void aWrongPasswordOrAMissingDatabasePassesThroughAtOnceUnchanged() throws Exception {
        for (String state : new String[]{"28P01", "3D000"}) {
            SQLException failure = new SQLException("no", state);
            ScriptedDriver driver = new ScriptedDriver().failWith(failure);

            Object[] outcome = connect(hook("JdbcTargets=db1:5432,ReconDelay=(100)"), driver, URL);

            assertSame(failure, outcome[1]);
            assertEquals(1, driver.connects);
        }
        assertTrue(time.waits().isEmpty());
    }

    @Test
    void aFailureThatIsNoLongerAConnectionFailureEndsTheRetries() throws Exception {
        SQLException auth = new SQLException("password authentication failed", "28P01");
        ScriptedDriver driver = new ScriptedDriver().failWith(new SQLException("starting up", "57P03"), auth);

        Object[] outcome = connect(hook("JdbcTargets=db1:5432,ReconDelay=(100)"), driver, URL);

        assertSame(auth, outcome[1]);
        assertEquals(2, driver.connects);
    }

    @Test
    void whenThePolicyEndsTheApplicationGetsTheDriversLastException() throws Exception {
        SQLException last = new SQLException("refused 3", "08001");
        ScriptedDriver driver = new ScriptedDriver().failWith(new SQLException("refused 1", "08001"), new SQLException("refused 2", "08001"),
                last, new SQLException("never made", "08001"));

        Object[] outcome = connect(hook("JdbcTargets=db1:5432,ReconDelay=(100),ReconnectAttempts=2"), driver, URL);

        assertSame(last, outcome[1]);
        assertEquals(3, driver.connects);
    }

    @Test
    void aUrlThatNamesNoTargetAndDefReconNoAreLeftAlone() throws Exception {
        ScriptedDriver driver = new ScriptedDriver().failWith(new SQLException("refused", "08001"));
        assertNull(hook("JdbcTargets=db1:5432").enter(driver, "jdbc:postgresql://db2:5432/app", new Properties()));
        assertNull(hook("JdbcTargets=db1:5432,DefRecon=NO").enter(driver, URL, new Properties()));
        assertNull(hook("JdbcTargets=db1:5432").enter(new Object(), URL, new Properties()), "not a java.sql.Driver");
    }

    @Test
    void onlyTheOutermostConnectOnAThreadIsManaged() throws Exception {
        DriverConnectRetry hook = hook("JdbcTargets=db1:5432");
        ScriptedDriver driver = new ScriptedDriver();
        Object outer = hook.enter(driver, URL, new Properties());
        assertNotNull(outer);
        assertNull(hook.enter(driver, URL, new Properties()), "a driver that wraps another: the inner connect is a plain call");
        assertNull(hook.exit(outer, ScriptedDriver.connection(), null));
        Object again = hook.enter(driver, URL, new Properties());
        assertNotNull(again, "the exit ended the managed connect");
        hook.exit(again, ScriptedDriver.connection(), null);
    }
}
