package io.reattach.bridge;

import io.reattach.log.Log;

import java.util.Properties;

/**
 * What code woven into a JDBC driver's {@code connect(String, Properties)} calls ({@code io.reattach.weave.DriverWeaver}):
 * {@link #enter} before the method's own code, {@link #exit} after it. Like {@link ReattachBridge}, it loads from the
 * agent jar on the bootstrap class path, which the class loaders of drivers see (a renamed jar: the system class path).
 * Where one does not, the woven call fails to link, the woven code catches that and the driver behaves as without
 * the agent.
 *
 * <p>Neither method throws: whatever goes wrong in the agent is logged once, and the driver's own result or exception
 * stands.
 */
public final class JdbcBridge {
    /** The agent's JDBC engine; null until {@code JdbcTargets} is set, and then woven code does nothing. */
    public static volatile JdbcHook jdbc;

    private static final String NO_RETRY = "JDBC connects go on as if Reattach were absent";

    private JdbcBridge() {
    }

    public static Object enter(Object driver, String url, Properties info) {
        JdbcHook hook = jdbc;
        if (hook == null) {
            return null;
        }
        try {
            return hook.enter(driver, url, info);
        } catch (Throwable t) {
            Log.internalError("a woven JDBC connect", NO_RETRY, t);
            return null;
        }
    }

    /** @return null to leave the outcome as it is, or {@code {connection, thrown}} to replace it */
    public static Object[] exit(Object call, Object connection, Throwable thrown) {
        JdbcHook hook = jdbc;
        if (hook == null) {
            return null;
        }
        try {
            return hook.exit(call, connection, thrown);
        } catch (Throwable t) {
            Log.internalError("the end of a woven JDBC connect", NO_RETRY, t);
            return null;
        }
    }
}
