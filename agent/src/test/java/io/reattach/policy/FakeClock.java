package io.reattach.policy;

import java.util.concurrent.TimeUnit;

/** A clock that moves only when the test says so. */
final class FakeClock implements Clock {
    private long nanos;

    FakeClock(long startNanos) {
        this.nanos = startNanos;
    }

    FakeClock() {
        this(123_456_789L);
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    void advanceMillis(long millis) {
        nanos += TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
