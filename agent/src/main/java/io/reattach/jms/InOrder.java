package io.reattach.jms;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tasks of one owner run on {@link Background}, one at a time, in the order they were given: the decisions about a
 * connection's failed sends, whose outcomes reach the application's {@code CompletionListener}s, which JMS calls in
 * the order of the sends. Holds no thread while it has nothing to run.
 */
final class InOrder {

    private final String what;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    InOrder(String what) {
        this.what = what;
    }

    void run(Runnable task) {
        tasks.add(task);
        drainIfIdle();
    }

    private void drainIfIdle() {
        if (!tasks.isEmpty() && running.compareAndSet(false, true)) {
            Background.run(what, this::drain);
        }
    }

    private void drain() {
        try {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run();
            }
        } finally {
            running.set(false);
            drainIfIdle(); // a task given after the last poll and before the flag was cleared
        }
    }
}
