package io.reattach.policy;

/** Monotonic time, so that tests can drive reconnect schedules without sleeping through them. */
public interface Clock {
    long nanoTime();

    static Clock system() {
        return SystemTime.INSTANCE;
    }
}
