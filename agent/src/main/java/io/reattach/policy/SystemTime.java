package io.reattach.policy;

import java.util.concurrent.TimeUnit;

/** The JVM's own {@link Clock} and {@link Sleeper}. */
final class SystemTime implements Clock, Sleeper {

    static final SystemTime INSTANCE = new SystemTime();

    private SystemTime() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
    }
}
