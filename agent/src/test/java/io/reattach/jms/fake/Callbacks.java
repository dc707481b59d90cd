package io.reattach.jms.fake;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The provider's callback thread: exception, completion and message listeners run there, one at a time, never on
 * the thread of the call that caused them, as with real providers.
 */
final class Callbacks {

    static final String THREAD = "fake-broker-callbacks";
    private static final long AWAIT_MILLIS = 5_000;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, THREAD);
        t.setDaemon(true);
        return t;
    });
    private volatile CountDownLatch held;

    /** Runs a listener later; what it throws is the application's, and a provider only logs it. */
    void run(Runnable listener) {
        if (thread.isShutdown()) {
            return;
        }
        thread.execute(() -> {
            try {
                listener.run();
            } catch (RuntimeException e) {
                System.err.println("fake broker: a listener threw " + e);
            }
        });
    }

    /** Callbacks scheduled from now on wait for {@link #release()} (at most a few seconds). */
    void hold() {
        CountDownLatch gate = new CountDownLatch(1);
        held = gate;
        thread.execute(() -> {
            try {
                gate.await(AWAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    void release() {
        CountDownLatch gate = held;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Waits until the callbacks scheduled so far have run. */
    void await() {
        try {
            thread.submit(() -> { }).get(AWAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the provider's callback thread did not finish its callbacks", e);
        }
    }

    void close() {
        release();
        thread.shutdownNow();
    }
}
