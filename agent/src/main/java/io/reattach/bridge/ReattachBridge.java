package io.reattach.bridge;

import io.reattach.log.Log;

/**
 * What code woven into a provider's ConnectionFactory methods calls: {@link #enter} before the method's own code,
 * {@link #exit} after it, however it ended. It loads from the agent jar on the bootstrap class path (the manifest's
 * {@code Boot-Class-Path}), which class loaders see unless they are built not to (a renamed jar: the system class
 * path). Where a loader does not (an isolated module system), the woven call fails to link, the woven code catches
 * that and the provider behaves as if the agent were absent.
 *
 * <p>Neither method throws: whatever goes wrong in the agent is logged once, and the provider's own result or
 * exception stands.
 */
public final class ReattachBridge {
    /** The agent's JMS engine; while it is null, woven code does nothing. */
    public static volatile JmsHook jms;

    private ReattachBridge() {
    }

    /**
     * Called on entry to a woven factory method of class {@code owner} (internal name), with the method's name,
     * descriptor and arguments. Returns the call to hand to {@link #exit}, or null when the call is none of the
     * agent's business: no engine yet, the receiver is no ConnectionFactory (a class that only has a method of that
     * name and return type), or it is a nested factory call, or one the agent itself makes while reconnecting.
     */
    public static Object enter(Object factory, String owner, String name, String descriptor, Object[] args) {
        JmsHook hook = jms;
        if (hook == null) {
            return null;
        }
        try {
            return FactoryCall.enter(hook, factory, owner, name, descriptor, args);
        } catch (Throwable t) {
            Log.internalError("a woven ConnectionFactory method", t);
            return null;
        }
    }

    /**
     * Called on exit of a woven factory method whose {@link #enter} returned a call.
     *
     * @return null to leave the outcome as it is, or {@code {result, thrown}} to replace it
     */
    public static Object[] exit(Object call, Object result, Throwable thrown) {
        try {
            return ((FactoryCall) call).exit(result, thrown);
        } catch (Throwable t) {
            Log.internalError("the end of a woven ConnectionFactory method", t);
            return null;
        }
    }
}
