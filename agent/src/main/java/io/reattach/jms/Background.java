package io.reattach.jms;

import io.reattach.log.Log;

import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one executor for the engine's background work: reconnects, closes of dead provider objects, probes of
 * ambiguous failures. At most {@value #THREADS} daemon threads named {@code reattach-N}, created on demand and
 * ended when idle for {@value #IDLE_MILLIS} ms, so that a JVM whose connections are healthy or closed keeps none.
 *
 * <p>The bound is a trade-off: a reconnect holds a thread for its whole outage (its waits are those of the one
 * retry loop), so with more than {@value #THREADS} connections reconnecting at once the others queue, and start
 * their attempts when one ends. Their deadline counts from the failure, not from the start of their turn.
 */
final class Background {

    static final int THREADS = 16;
    static final long IDLE_MILLIS = 200;

    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final ThreadPoolExecutor EXECUTOR = create();

    private Background() {
    }

    private static ThreadPoolExecutor create() {
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "reattach-" + NUMBER.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, IDLE_MILLIS, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Runs a task later; a task that throws is logged once, never passed on. */
    static Future<?> run(String what, Runnable task) {
        return EXECUTOR.submit(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                Log.internalError(what, t);
            }
        });
    }

    /**
     * Closes a provider object that is dead already (or never used): its close may wait for a broker that is gone. Only a
     * connection or context of an application connection's root, or a producer.
     */
    static void close(Object providerObject) {
        if (providerObject == null) {
            return;
        }
        Object target = RabbitMqContexts.closeable(providerObject);
        EXECUTOR.execute(() -> {
            try {
                JmsApi.interfaceMethod(target, "close").invoke(target);
            } catch (Throwable ignored) {
                // it is dead already; closing only frees the provider's resources
            }
        });
    }

    /** Threads alive now, for tests and the status. */
    static int threads() {
        return EXECUTOR.getPoolSize();
    }
}
