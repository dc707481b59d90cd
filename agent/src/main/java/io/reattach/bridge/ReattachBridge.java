package io.reattach.bridge;

/**
 * The one static field that advice woven into provider classes reads. It lives in the agent jar, which is on
 * the system class path under {@code -javaagent} and after an attach, so every class loader that delegates to
 * the system loader sees it. Where a loader does not (an isolated module system), the advice fails to link, its
 * failure is suppressed and the provider behaves as if the agent were absent.
 *
 * <p>While the field is null, woven code does nothing.
 */
public final class ReattachBridge {
    public static volatile JmsHook jms;

    private ReattachBridge() {
    }
}
