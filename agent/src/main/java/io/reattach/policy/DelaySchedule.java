package io.reattach.policy;

import java.util.Random;

/**
 * The one function that says how long to wait before a reconnect attempt. Everything else asks it.
 */
public interface DelaySchedule {

    /**
     * @param attempt the attempt about to be made, 1 for the first reconnect attempt
     * @param random  the source of the random part, so that tests can fix it
     * @return milliseconds to wait before that attempt, never negative
     */
    long delayMillis(int attempt, Random random);

    /** The schedule in the syntax of the setting that produced it, for logs and check-config. */
    String describe();
}
