package io.reattach.policy;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The attempts after one failure: asks the schedule for each delay and ends the sequence when the attempts
 * or the time run out. Not thread-safe: one reconnect loop owns it.
 */
public final class Backoff {

    /** Returned by {@link #nextDelayMillis()} when the policy allows no further attempt. */
    public static final long STOP = -1;

    private final ReconnectPolicy policy;
    private final Clock clock;
    private final Random random;
    private final long startNanos;
    private int attempts;

    Backoff(ReconnectPolicy policy, Clock clock, Random random) {
        this.policy = policy;
        this.clock = clock;
        this.random = random;
        this.startNanos = clock.nanoTime();
    }

    /**
     * Counts one more attempt and says how long to wait before making it, or {@link #STOP} when the attempts
     * are used up or the attempt could not start before the timeout. A delay that would overrun the timeout is
     * shortened so that the last attempt starts at the deadline.
     */
    public long nextDelayMillis() {
        if (policy.maxAttempts() != ReconnectPolicy.UNLIMITED && attempts >= policy.maxAttempts()) {
            return STOP;
        }
        long remaining = remainingMillis();
        if (remaining <= 0) {
            return STOP;
        }
        attempts++;
        return Math.min(policy.schedule().delayMillis(attempts, random), remaining);
    }

    /** Attempts counted so far, including the one whose delay was last returned. */
    public int attempts() {
        return attempts;
    }

    /** Milliseconds left before {@code MQReconnectTimeout} ends the reconnect; 0 when it has. */
    public long remainingMillis() {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - startNanos);
        return Math.max(0, policy.timeoutMillis() - elapsed);
    }

    public long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - startNanos);
    }
}
