package io.reattach.policy;

import java.util.concurrent.Future;

/**
 * Runs a task after a delay without holding a thread while it waits: how a reconnect waits between attempts, so that
 * many connections can be in an outage at once on a few threads. Tests run the task at once after moving their clock.
 */
public interface Scheduler {

    /** Runs {@code task} after {@code delayMillis}; the future cancels it while it waits. The task must be short. */
    Future<?> schedule(Runnable task, long delayMillis);
}
