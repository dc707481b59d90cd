package io.reattach.policy;

/** Waits between attempts, so that tests can drive a retry loop without sleeping through its delays. */
public interface Sleeper {

    /** Waits {@code millis}; an interrupt ends the wait early (and the retry loop with it). */
    void sleep(long millis) throws InterruptedException;

    static Sleeper system() {
        return SystemTime.INSTANCE;
    }
}
