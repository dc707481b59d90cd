package io.reattach.bridge;

import java.util.Properties;

/**
 * What code woven into a JDBC driver's {@code connect(String, Properties)} calls ({@code io.reattach.weave.DriverWeaver}):
 * {@link #enter} before the method's own code, {@link #exit} after it. Like {@link ReattachBridge}, it lives in the
 * agent jar on the system class path, not on the bootstrap path (which would turn off class-data sharing for the
 * application's classes): drivers are loaded by application class loaders, which delegate to the system loader.
 * Where one does not, the woven call fails to link, the woven code catches that and the driver behaves as without
 * the agent.
 *
 * <p>Neither method throws: whatever goes wrong in the agent, the driver's own result or exception stands.
 */
public final class JdbcBridge {
    /** The agent's JDBC engine; null until {@code JdbcTargets} is set, and then woven code does nothing. */
    public static volatile JdbcHook jdbc;

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
            return null;
        }
    }
}
