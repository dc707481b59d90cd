package io.reattach.policy;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * When to try again after a connection failure and when to give up. Immutable; built once from the settings
 * and shared by every connection. {@link #start} begins the attempts after one failure.
 */
public final class ReconnectPolicy {

    public static final int UNLIMITED = -1;

    private final DelaySchedule schedule;
    private final int maxAttempts;
    private final long timeoutMillis;

    private ReconnectPolicy(Builder b) {
        this.schedule = b.schedule;
        this.maxAttempts = b.maxAttempts;
        this.timeoutMillis = b.timeoutMillis;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().schedule(schedule).maxAttempts(maxAttempts).timeoutMillis(timeoutMillis);
    }

    public DelaySchedule schedule() {
        return schedule;
    }

    /** {@code ReconnectAttempts}: attempts before giving up (0: give up at once), or {@link #UNLIMITED}. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** {@code MQReconnectTimeout} in milliseconds, counted from the failure. */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** Starts counting attempts and time for one failure that happens now. */
    public Backoff start(Clock clock, Random random) {
        return new Backoff(this, clock, random);
    }

    @Override
    public String toString() {
        // toString, not describe: "ReconDelay=(...)" says which kind of schedule, as the exponential one already does.
        return schedule + ", ReconnectAttempts=" + maxAttempts + ", MQReconnectTimeout=" + TimeUnit.MILLISECONDS.toSeconds(timeoutMillis) + "s";
    }

    public static final class Builder {
        private DelaySchedule schedule = ReconDelaySchedule.IBM_MQ_DEFAULT;
        private int maxAttempts = UNLIMITED;
        private long timeoutMillis = TimeUnit.SECONDS.toMillis(1800);

        public Builder schedule(DelaySchedule schedule) {
            if (schedule == null) {
                throw new NullPointerException("schedule");
            }
            this.schedule = schedule;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < UNLIMITED) {
                throw new IllegalArgumentException("attempts must be -1 (unlimited) or at least 0, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder timeoutMillis(long timeoutMillis) {
            if (timeoutMillis < 0) {
                throw new IllegalArgumentException("the timeout must not be negative, was " + timeoutMillis);
            }
            this.timeoutMillis = timeoutMillis;
            return this;
        }

        public ReconnectPolicy build() {
            return new ReconnectPolicy(this);
        }
    }
}
