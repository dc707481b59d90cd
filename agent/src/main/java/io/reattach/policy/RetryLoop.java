package io.reattach.policy;

import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Consumer;
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
 *
 * <p>Two ways to run the same loop: {@link #run} waits on the calling thread (a connect the application is blocked in
 * anyway); {@link #runScheduled} waits on a {@link Scheduler} and makes each attempt on an executor, holding no thread
 * between attempts (a reconnect in the background: many outages at once on a few threads), and ends on
 * {@link #cancel}.
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

    // The scheduled run: guarded by this loop.
    private boolean cancelled;
    private Thread attempting;
    private Future<?> waiting;
    /** How a run that is waiting ends when it is cancelled, and where. */
    private Runnable endWhileWaiting;
    private Executor endOn;

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

    /**
     * The same loop without a thread of its own: each wait is a {@link Scheduler} task, each attempt runs on
     * {@code attempts}, and {@code done} gets the end, once, on one of those threads. {@link #cancel} ends it
     * ({@link Outcome#INTERRUPTED}; an attempt in progress is interrupted).
     */
    public <T> void runScheduled(Throwable firstFailure, Attempt<T> attempt, Predicate<Throwable> retryable, Listener listener,
                                 Scheduler scheduler, Executor attempts, Consumer<Result<T>> done) {
        new Object() {
            void waitThenAttempt(Throwable last) {
                long delay = backoff.nextDelayMillis();
                if (delay == Backoff.STOP) {
                    done.accept(end(Outcome.GAVE_UP, null, last));
                    return;
                }
                int n = backoff.attempts();
                listener.beforeWait(n, delay, last);
                synchronized (RetryLoop.this) {
                    if (!cancelled) {
                        endOn = attempts;
                        endWhileWaiting = () -> done.accept(end(Outcome.INTERRUPTED, null, last));
                        waiting = scheduler.schedule(() -> attempts.execute(() -> attempt(n, last)), delay);
                        return;
                    }
                }
                done.accept(end(Outcome.INTERRUPTED, null, last)); // outside the lock: done may take others
            }

            void attempt(int n, Throwable last) {
                boolean stop;
                synchronized (RetryLoop.this) {
                    waiting = null;
                    stop = cancelled;
                    attempting = stop ? null : Thread.currentThread();
                }
                if (stop) {
                    done.accept(end(Outcome.INTERRUPTED, null, last));
                    return;
                }
                T value;
                try {
                    value = attempt.run(n);
                } catch (Throwable t) {
                    listener.attemptFailed(n, t);
                    boolean cancelledMeanwhile;
                    synchronized (RetryLoop.this) {
                        attempting = null;
                        Thread.interrupted(); // a cancel's interrupt has done its work; the thread goes back to its pool
                        cancelledMeanwhile = cancelled;
                    }
                    if (cancelledMeanwhile) {
                        done.accept(end(Outcome.INTERRUPTED, null, t));
                    } else if (!retryable.test(t)) {
                        done.accept(end(Outcome.ABORTED, null, t));
                    } else {
                        waitThenAttempt(t);
                    }
                    return;
                }
                synchronized (RetryLoop.this) {
                    attempting = null;
                    Thread.interrupted();
                }
                done.accept(end(Outcome.SUCCEEDED, value, null)); // also after a cancel: the caller closes what it got
            }
        }.waitThenAttempt(firstFailure);
    }

    /**
     * Ends a scheduled run: a pending wait is dropped (the run ends on the executor), an attempt in progress is
     * interrupted (the run ends when it returns).
     */
    public void cancel() {
        Runnable end;
        Executor on;
        synchronized (this) {
            cancelled = true;
            if (attempting != null) {
                attempting.interrupt();
                return;
            }
            if (waiting == null || !waiting.cancel(false)) {
                return; // not started, or its attempt is about to start and will see the cancel
            }
            waiting = null;
            end = endWhileWaiting;
            on = endOn;
        }
        on.execute(end);
    }

    private <T> Result<T> end(Outcome outcome, T value, Throwable last) {
        return new Result<>(outcome, value, last, backoff.attempts(), backoff.elapsedMillis());
    }

    @Override
    public String toString() {
        return policy.toString();
    }
}
