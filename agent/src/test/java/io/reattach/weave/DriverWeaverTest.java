package io.reattach.weave;

import io.reattach.bridge.JdbcBridge;
import io.reattach.bridge.JdbcHook;
import io.reattach.config.Environment;
import io.reattach.config.SettingsLoader;
import io.reattach.jdbc.DriverConnectRetry;
import io.reattach.policy.ManualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The driver weaving as a vendor's driver meets it: {@link SampleDriver} woven by {@link DriverWeaver}, loaded in a
 * throwaway class loader (the JVM verifies the woven code), called through {@code java.sql.Driver} with the agent's
 * JDBC engine in the bridge.
 */
class DriverWeaverTest {
    @TempDir
    Path tmp;

    @AfterEach
    void removeHook() {
        JdbcBridge.jdbc = null;
    }

    private Driver wovenDriver() throws Exception {
        return (Driver) WovenLoader.weave(SampleDriver.class, DriverWeaver::weave).getDeclaredConstructor().newInstance();
    }

    private void install(String args) throws Exception {
        Environment isolated = Environment.of(Collections.<String, String>emptyMap(), Collections.<String, String>emptyMap(), tmp, tmp);
        ManualTime time = new ManualTime();
        JdbcBridge.jdbc = new DriverConnectRetry(SettingsLoader.load(args, isolated), time, time);
    }

    @Test
    void aWovenDriversConnectIsRetriedWhileTheServerStartsUp() throws Exception {
        install("JdbcTargets=127.0.0.1:5432,ReconDelay=(10)");
        Driver driver = wovenDriver();

        assertNotNull(driver.connect("jdbc:postgresql://127.0.0.1:5432/app?starting=2", new Properties()));
        assertEquals(3, driver.getMinorVersion());
    }

    @Test
    void withoutTheEngineOrForAnotherAddressTheDriverBehavesAsWritten() throws Exception {
        Driver driver = wovenDriver();
        assertThrows(SQLException.class, () -> driver.connect("jdbc:postgresql://127.0.0.1:5432/app?starting=1", new Properties()));

        install("JdbcTargets=127.0.0.1:5432,ReconDelay=(10)");
        Driver other = wovenDriver();
        assertThrows(SQLException.class, () -> other.connect("jdbc:postgresql://127.0.0.1:6000/app?starting=1", new Properties()));
        assertNull(other.connect("jdbc:mysql://127.0.0.1:5432/app", new Properties()), "another driver's URL: null, as written");
    }

    @Test
    void anEngineThatThrowsLeavesTheDriversOwnOutcome() throws Exception {
        JdbcBridge.jdbc = new JdbcHook() {
            @Override
            public Object enter(Object driver, String url, Properties info) {
                return "call";
            }

            @Override
            public Object[] exit(Object call, Object connection, Throwable thrown) {
                throw new IllegalStateException("an agent bug");
            }
        };
        Driver driver = wovenDriver();
        SQLException e = assertThrows(SQLException.class, () -> driver.connect("jdbc:postgresql://127.0.0.1:5432/app?starting=1", new Properties()));
        assertEquals("57P03", e.getSQLState());
        assertNotNull(driver.connect("jdbc:postgresql://127.0.0.1:5432/app?starting=1", new Properties()));
    }

    @Test
    void aClassThatCannotBeADriverIsNotWoven() {
        assertNull(DriverWeaver.weave(WovenLoader.bytesOf(NotADriver.class)));
    }

    /** Extends Object and implements nothing: its connect is the application's own helper. */
    static final class NotADriver {
        public java.sql.Connection connect(String url, Properties info) {
            return null;
        }
    }
}
