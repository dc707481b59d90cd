package io.reattach.jms;

import io.reattach.log.Log;
import io.reattach.policy.Scheduler;

import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's background work, on bounded daemon threads created on demand and ended when idle for
 * {@value #IDLE_MILLIS} ms, so that a JVM whose connections are healthy or closed keeps none: reconnect attempts and
 * probes of ambiguous failures on at most {@value #THREADS} threads named {@code reattach-N}; closes of dead provider
 * objects on {@value #CLOSE_THREADS} of their own ({@code reattach-close-N}); the waits between attempts on one timer.
 *
 * <p>A reconnect holds a thread only while it makes an attempt: its waits are timer tasks ({@link #SCHEDULER},
 * {@code reattach-timer}). With more than {@value #THREADS} attempts at once (connects that hang, or a storm of
 * connections coming back) the others queue for a moment.
 */
final class Background {

    static final int THREADS = 16;
    /** Threads that close dead provider objects: their own, so that a close that hangs never delays an attempt. */
    static final int CLOSE_THREADS = 4;
    /** Every thread of the engine at most: the executor's, the closers' and the timer. */
    static final int MAX_THREADS = THREADS + CLOSE_THREADS + 1;
    static final long IDLE_MILLIS = 200;

    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final ThreadPoolExecutor EXECUTOR = pool(THREADS, "reattach-");
    /**
     * Closes of dead provider objects. A provider's close of a connection whose broker is gone can wait for its own
     * timeout (ActiveMQ Classic: 15 s); a storm of them on the executor would hold up the reconnect attempts.
     */
    private static final ThreadPoolExecutor CLOSER = pool(CLOSE_THREADS, "reattach-close-");
    /**
     * The waits between reconnect attempts: one timer thread ({@code reattach-timer}) that only hands each attempt to
     * the executor when its delay is over, so that a reconnect holds no thread while it waits.
     */
    private static final ScheduledThreadPoolExecutor TIMER = timer();
    static final Scheduler SCHEDULER = new OnTimer();

    private Background() {
    }

    private static ThreadPoolExecutor pool(int threads, String prefix) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, IDLE_MILLIS, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.numbered(prefix, NUMBER));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("reattach-timer"));
        timer.setKeepAliveTime(IDLE_MILLIS, TimeUnit.MILLISECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true); // a closed connection's next attempt leaves the queue (and the thread ends)
        return timer;
    }

    /** The executor itself, for work that logs its own failures (the retry loop's attempts). */
    static Executor executor() {
        return EXECUTOR;
    }

    /** Runs a task later; a task that throws is logged once, never passed on. */
    static Future<?> run(String what, Runnable task) {
        return EXECUTOR.submit(new Logged(what, task));
    }

    /**
     * Closes a provider object that is dead already (or never used): its close may wait for a broker that is gone. Only a
     * connection or context of an application connection's root, or a producer.
     */
    static void close(Object providerObject) {
        if (providerObject == null) {
            return;
        }
        CLOSER.execute(new Close(RabbitMqContexts.closeable(providerObject)));
    }

    /**
     * Closes a provider object and waits for the close a bounded time: a half-built connection of a failed reconnect
     * attempt must be gone before the next attempt (it holds the client ID), but a close that hangs on a broker that
     * went away again must not hold the reconnect up for long. A RabbitMQ context is closed through its connection, as
     * in {@link #close}: its own {@code close()} on this thread cannot reach the session the attempt's thread made, and
     * would leave the connection open with the client ID, so that every next attempt failed to set it.
     */
    static void closeAndWait(Object providerObject, long millis) {
        if (providerObject == null) {
            return;
        }
        Future<?> closing = CLOSER.submit(new Close(RabbitMqContexts.closeable(providerObject)));
        try {
            closing.get(millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // left to finish in the background
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() or the deadline: the reconnect ends
        }
    }

    /** The waits between attempts: tasks of {@link #TIMER}. */
    private static final class OnTimer implements Scheduler {
        @Override
        public Future<?> schedule(Runnable task, long delayMillis) {
            return TIMER.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** A task whose failure is logged once, never passed on. */
    private static final class Logged implements Runnable {
        private final String what;
        private final Runnable task;

        Logged(String what, Runnable task) {
            this.what = what;
            this.task = task;
        }

        @Override
        public void run() {
            try {
                task.run();
            } catch (Throwable t) {
                Log.internalError(what, t);
            }
        }
    }

    /** The close of a provider object that is dead already, or of what a failed attempt built: it only frees resources. */
    private static final class Close implements Runnable {
        private final Object providerObject;

        Close(Object providerObject) {
            this.providerObject = providerObject;
        }

        @Override
        public void run() {
            try {
                JmsApi.interfaceMethod(providerObject, "close").invoke(providerObject);
            } catch (Throwable ignored) {
                // dead already, or the attempt failed already: nothing to tell
            }
        }
    }
}
