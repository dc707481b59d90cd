package io.reattach.bridge;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failure of the agent inside a woven JDBC connect: the driver's own outcome stands, and the operator is told once
 * (as when the agent's JDBC engine failed to link, which left every connect without retries and said nothing).
 */
class JdbcBridgeTest {
    private final PrintStream originalErr = System.err;

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        JdbcBridge.jdbc = null;
    }

    @Test
    void anEngineThatFailsLeavesTheConnectToTheDriverAndIsLoggedOnce() {
        JdbcBridge.jdbc = new JdbcHook() {
            @Override
            public Object enter(Object driver, String url, Properties info) {
                throw new NoClassDefFoundError("java/sql/Driver");
            }

            @Override
            public Object[] exit(Object call, Object connection, Throwable thrown) {
                throw new AssertionError("no call was entered");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));

        assertNull(JdbcBridge.enter(new Object(), "jdbc:postgresql://db1/app", new Properties()));
        assertNull(JdbcBridge.enter(new Object(), "jdbc:postgresql://db1/app", new Properties()));

        String log = new String(err.toByteArray(), StandardCharsets.UTF_8);
        assertEquals(1, log.split("internal error in a woven JDBC connect", -1).length - 1, log);
        assertTrue(log.contains("[ERROR] reattach - internal error in a woven JDBC connect; JDBC connects go on as if Reattach were absent"), log);
        assertTrue(log.contains("java.lang.NoClassDefFoundError: java/sql/Driver"), log);
    }
}
