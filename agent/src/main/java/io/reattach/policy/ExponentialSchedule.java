package io.reattach.policy;

import java.util.Random;

/**
 * ActiveMQ Artemis' schedule: {@code RetryInterval} before the first attempt, multiplied by
 * {@code RetryIntervalMultiplier} for each later one, never more than {@code MaxRetryInterval} once multiplied.
 */
public final class ExponentialSchedule implements DelaySchedule {

    /** Artemis' defaults: 2000 ms, multiplier 1.0, at most 2000 ms. */
    public static final ExponentialSchedule ARTEMIS_DEFAULT = new ExponentialSchedule(2000, 1.0, 2000);

    private final long initialMillis;
    private final double multiplier;
    private final long maxMillis;

    public ExponentialSchedule(long initialMillis, double multiplier, long maxMillis) {
        if (initialMillis < 0 || maxMillis < 0) {
            throw new IllegalArgumentException("intervals must not be negative");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("the multiplier must be a finite number >= 1.0, was " + multiplier);
        }
        this.initialMillis = initialMillis;
        this.multiplier = multiplier;
        this.maxMillis = maxMillis;
    }

    public long initialMillis() {
        return initialMillis;
    }

    public double multiplier() {
        return multiplier;
    }

    public long maxMillis() {
        return maxMillis;
    }

    @Override
    public long delayMillis(int attempt, Random random) {
        if (attempt <= 1) {
            return initialMillis; // as in Artemis: the cap applies from the first multiplication on
        }
        double delay = initialMillis * Math.pow(multiplier, Math.max(attempt, 1) - 1);
        // Math.min on doubles first: the power can exceed Long.MAX_VALUE long before the cap is reached.
        return (long) Math.min(delay, (double) maxMillis);
    }

    @Override
    public String describe() {
        return "RetryInterval=" + initialMillis + ", RetryIntervalMultiplier=" + multiplier + ", MaxRetryInterval=" + maxMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExponentialSchedule)) {
            return false;
        }
        ExponentialSchedule other = (ExponentialSchedule) o;
        return other.initialMillis == initialMillis && other.multiplier == multiplier && other.maxMillis == maxMillis;
    }

    @Override
    public int hashCode() {
        return (int) (initialMillis * 31 + maxMillis) ^ Double.hashCode(multiplier);
    }

    @Override
    public String toString() {
        return describe();
    }
}
