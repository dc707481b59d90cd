package io.reattach.jms.fake;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the live {@code reattach-*} threads while a test runs, and keeps the most it saw. */
public final class ThreadPeak implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger peak = new AtomicInteger();
    private final Thread sampler = new Thread(() -> {
        while (running.get()) {
            int n = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("reattach-")) {
                    n++;
                }
            }
            peak.accumulateAndGet(n, Math::max);
            Thread.yield();
        }
    }, "thread-peak-sampler");

    public ThreadPeak() {
        sampler.setDaemon(true);
        sampler.start();
    }

    public int peak() {
        return peak.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        sampler.join();
    }
}
