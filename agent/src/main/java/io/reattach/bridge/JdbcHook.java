package io.reattach.bridge;

import java.util.Properties;

/**
 * The JDBC engine as the code woven into a driver's {@code connect(String, Properties)} reaches it, through
 * {@link JdbcBridge}. Written against java.* types only, so that the bridge needs nothing else from the agent.
 */
public interface JdbcHook {

    /**
     * Called on entry to a driver's {@code connect}. Returns the call to hand to {@link #exit}, or null when the
     * agent leaves this connect alone (its URL names no {@code JdbcTargets} host, or it is nested in another connect
     * on this thread, or it is one of the agent's own retries).
     */
    Object enter(Object driver, String url, Properties info);

    /**
     * Called on exit of a connect whose {@link #enter} returned a call, however it ended.
     *
     * @return null to leave the outcome as it is, or {@code {connection, thrown}} to replace it
     */
    Object[] exit(Object call, Object connection, Throwable thrown);
}
