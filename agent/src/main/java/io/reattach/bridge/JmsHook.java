package io.reattach.bridge;

import java.lang.reflect.Method;

/**
 * The JMS engine as the code woven into a provider's ConnectionFactory methods reaches it, through
 * {@link ReattachBridge}. Written against java.* types only, so that the bridge needs nothing else from the agent.
 */
public interface JmsHook {

    /**
     * Called on entry to a factory method of {@code factory}. Returns true when this is the outermost factory call on
     * this thread and not one the agent itself makes while reconnecting: only that call's result is managed. Before
     * the factory's first connection, the agent may set the provider's heartbeat on it.
     */
    boolean enter(Object factory);

    /**
     * Called on exit of a factory method whose {@link #enter(Object)} returned true (normal return or exception);
     * it ends the outermost call on this thread.
     *
     * @return null to leave the outcome as it is, or {@code {result, thrown}} to replace it
     */
    Object[] exit(Object factory, Method method, Object[] args, Object result, Throwable thrown);
}
