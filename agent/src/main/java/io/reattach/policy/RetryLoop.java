package io.reattach.policy;

import java.util.Random;
import java.util.function.Predicate;

/**
 * The one retry loop of the agent, in the style of Failsafe's executor: the JMS reconnect, the retry of a first
 * connect and the socket connect all run here. It owns the attempts, the delays ({@link Backoff}, hence the
 * policy's schedule), the single deadline ({@code MQReconnectTimeout}) and interrupts; the caller only says what
 * one attempt is and which failures are worth another.
 *
 * <p>One loop serves one outage: it is started when the failure is seen ({@link #start}), which fixes the policy
 * and the deadline for the whole outage, also for threads that only wait for it ({@link #deadlineNanos}).
 * Every run starts with a wait: the failure that started the loop was the first failed attempt.
 */
public final class RetryLoop {

    /** One attempt; {@code attempt} counts from 1 for the first retry. */
    public interface Attempt<T> {
        T run(int attempt) throws Throwable;
    }

    /** What the caller logs or counts; every method has a default that does nothing. */
    public interface Listener {
        default void beforeWait(int attempt, long delayMillis, Throwable lastFailure) {
        }

        default void attemptFailed(int attempt, Throwable failure) {
        }
    }

    /** How a run ended. */
    public enum Outcome {
        /** An attempt returned. */
        SUCCEEDED,
        /** The attempts or the time ran out. */
        GAVE_UP,
        /** An attempt failed with a failure that is not worth another attempt. */
        ABORTED,
        /** The thread was interrupted (the connection was closed, or a waiter saw the deadline pass). */
        INTERRUPTED
    }

    /** The end of a run: the value of the attempt that worked, or the last failure. */
    public static final class Result<T> {
        private final Outcome outcome;
        private final T value;
        private final Throwable lastFailure;
        private final int attempts;
        private final long elapsedMillis;

        Result(Outcome outcome, T value, Throwable lastFailure, int attempts, long elapsedMillis) {
            this.outcome = outcome;
            this.value = value;
            this.lastFailure = lastFailure;
            this.attempts = attempts;
            this.elapsedMillis = elapsedMillis;
        }

        public Outcome outcome() {
            return outcome;
        }

        public boolean succeeded() {
            return outcome == Outcome.SUCCEEDED;
        }

        public T value() {
            return value;
        }

        /** The failure of the last attempt made, or the one that started the loop when none was made. */
        public Throwable lastFailure() {
            return lastFailure;
        }

        /** Attempts made (retries, not counting the failure that started the loop). */
        public int attempts() {
            return attempts;
        }

        public long elapsedMillis() {
            return elapsedMillis;
        }
    }

    private final ReconnectPolicy policy;
    private final Backoff backoff;
    private final Clock clock;
    private final Sleeper sleeper;
    private final long deadlineNanos;

    private RetryLoop(ReconnectPolicy policy, Clock clock, Sleeper sleeper, Random random) {
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = policy.start(clock, random);
        this.deadlineNanos = clock.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(policy.timeoutMillis());
    }

    /** Starts counting attempts and time for a failure that happened now. */
    public static RetryLoop start(ReconnectPolicy policy, Clock clock, Sleeper sleeper, Random random) {
        return new RetryLoop(policy, clock, sleeper, random);
    }

    public ReconnectPolicy policy() {
        return policy;
    }

    /** The clock's time at which {@code MQReconnectTimeout} ends this outage. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** Milliseconds left before the deadline; 0 when it has passed. */
    public long remainingMillis() {
        return backoff.remainingMillis();
    }

    /**
     * Waits, attempts, and waits again until an attempt works, a failure is not {@code retryable}, the policy ends
     * or the thread is interrupted. Runs on the calling thread; not for concurrent use.
     *
     * @param firstFailure the failure that started the loop, reported when no attempt is made
     */
    public <T> Result<T> run(Throwable firstFailure, Attempt<T> attempt, Predicate<Throwable> retryable, Listener listener) {
        Throwable last = firstFailure;
        while (true) {
            long delay = backoff.nextDelayMillis();
            if (delay == Backoff.STOP) {
                return end(Outcome.GAVE_UP, null, last);
            }
            int n = backoff.attempts();
            listener.beforeWait(n, delay, last);
            try {
                if (delay > 0) {
                    sleeper.sleep(delay);
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            } catch (InterruptedException e) {
                return end(Outcome.INTERRUPTED, null, last);
            }
            try {
                return end(Outcome.SUCCEEDED, attempt.run(n), null);
            } catch (Throwable t) {
                last = t;
                listener.attemptFailed(n, t);
                if (Thread.currentThread().isInterrupted()) {
                    Thread.interrupted();
                    return end(Outcome.INTERRUPTED, null, last);
                }
                if (!retryable.test(t)) {
                    return end(Outcome.ABORTED, null, last);
                }
            }
        }
    }

    private <T> Result<T> end(Outcome outcome, T value, Throwable last) {
        return new Result<>(outcome, value, last, backoff.attempts(), backoff.elapsedMillis());
    }

    @Override
    public String toString() {
        return policy.toString();
    }
}
