package io.reattach.policy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Time that moves only when code under test waits: a {@link Clock}, a {@link Sleeper} and a {@link Scheduler} in one, so that a retry
 * loop runs through a schedule of minutes in microseconds. Records every wait.
 */
public final class ManualTime implements Clock, Sleeper, Scheduler {
    private volatile long nanos = 1_000_000_000L;
    private final List<Long> waits = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        waits.add(millis);
        advanceMillis(millis);
    }

    /** Records the wait, moves the clock past it and runs the task at once, on the calling thread. */
    @Override
    public java.util.concurrent.Future<?> schedule(Runnable task, long delayMillis) {
        waits.add(delayMillis);
        advanceMillis(delayMillis);
        task.run();
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    public synchronized void advanceMillis(long millis) {
        nanos += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** The waits so far, in milliseconds, in order. */
    public List<Long> waits() {
        return waits;
    }
}
