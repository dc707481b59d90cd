package io.reattach.policy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Time that moves only when code under test sleeps: a {@link Clock} and a {@link Sleeper} in one, so that a retry
 * loop runs through a schedule of minutes in microseconds. Records every wait.
 */
public final class ManualTime implements Clock, Sleeper {
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

    public synchronized void advanceMillis(long millis) {
        nanos += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** The waits so far, in milliseconds, in order. */
    public List<Long> waits() {
        return waits;
    }
}
