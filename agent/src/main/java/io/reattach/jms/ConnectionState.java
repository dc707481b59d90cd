package io.reattach.jms;

import io.reattach.config.Settings;
import io.reattach.policy.Clock;
import io.reattach.policy.RetryLoop;
import io.reattach.policy.Sleeper;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The state and generation of one application connection: CONNECTED → RECONNECTING → CONNECTED again, or FAILED
 * when the policy gives up, or CLOSED by the application. One failure causes exactly one reconnect, however many
 * threads notice it: every failure is reported with the generation of the provider objects it was seen on, and only
 * a failure of the current generation, seen while CONNECTED, starts an outage. Calls that failed wait here.
 */
final class ConnectionState {

    enum State { CONNECTED, RECONNECTING, FAILED, CLOSED }

    private final Clock clock;
    private final Sleeper sleeper;
    private final Random random;

    private State state = State.CONNECTED;
    /** The application closed the connection while it was reconnecting (or had failed): the close fails pending sends. */
    private boolean closedInOutage;
    private long generation;
    private Throwable lastFailure;
    private long lastFailureMillis;
    private int reconnects;
    /** The retry loop of the current outage: its deadline is the one every waiter honours; close and the deadline end it. */
    private RetryLoop outage;

    ConnectionState(Clock clock, Sleeper sleeper, Random random) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    /**
     * A failure of the provider objects of {@code gen}. Returns the outage's retry loop when this failure starts it
     * (the policy read once, here, for the whole outage); null when another failure started it already, the
     * connection is closed, or reconnecting is off ({@code DefRecon}: the connection fails as without the agent).
     */
    synchronized RetryLoop beginOutage(long gen, Throwable cause, Settings settings) {
        if (gen != generation || state != State.CONNECTED) {
            return null;
        }
        lastFailure = cause;
        lastFailureMillis = System.currentTimeMillis();
        if (!settings.reconnectEnabled()) {
            state = State.FAILED;
            notifyAll();
            return null;
        }
        state = State.RECONNECTING;
        outage = RetryLoop.start(settings.reconnectPolicy(), clock, sleeper, random);
        return outage;
    }

    /**
     * Switches to the rebuilt generation, running {@code switchNodes} under the lock so that no caller sees half of
     * it. False when the connection was closed or the outage expired meanwhile: the rebuilt objects are not used.
     */
    synchronized boolean switchOver(long newGeneration, Runnable switchNodes) {
        if (state != State.RECONNECTING) {
            return false;
        }
        generation = newGeneration;
        switchNodes.run();
        state = State.CONNECTED; // from now on close() does not cancel the loop: what follows (events) runs application code
        reconnects++;
        notifyAll();
        return true;
    }

    /** The policy gave up. Returns whether the connection failed now (not closed or expired before). */
    synchronized boolean giveUp() {
        if (state != State.RECONNECTING) {
            return state == State.FAILED;
        }
        state = State.FAILED;
        notifyAll();
        return true;
    }

    /** Closed by the application; returns the state before. A reconnect in progress ends now. */
    synchronized State close() {
        State before = state;
        state = State.CLOSED;
        if (before != State.CLOSED) {
            closedInOutage = before != State.CONNECTED;
        }
        notifyAll();
        if (before == State.RECONNECTING) {
            outage.cancel(); // an attempt in progress is interrupted; a wait ends now
        }
        return before;
    }

    /**
     * Blocks a call that failed with the connection until the reconnect is over, and never past the outage's
     * deadline: a provider's connect attempt can take longer than the schedule says, so the first waiter that
     * reaches the deadline ends the outage.
     *
     * @param callDeadline {@link System#nanoTime()} after which the call itself stops waiting (receive with a
     *                     timeout), or 0
     * @return true to repeat the call on the new connection; false when the call's own deadline passed first
     * @throws Throwable the call's own failure, when the reconnect failed or the application closed the connection
     */
    synchronized boolean awaitRecovery(long gen, long callDeadline, Throwable failure) throws Throwable {
        while (true) {
            if (state == State.FAILED || state == State.CLOSED) {
                throw failure;
            }
            if (state == State.CONNECTED) {
                if (generation != gen) {
                    return true;
                }
                throw failure; // nothing is reconnecting this generation: the failure stands
            }
            long outageLeft = outage.deadlineNanos() - clock.nanoTime();
            if (outageLeft <= 0) {
                expire();
                throw failure;
            }
            long wait = outageLeft;
            if (callDeadline != 0) {
                long callLeft = callDeadline - System.nanoTime();
                if (callLeft <= 0) {
                    return false;
                }
                wait = Math.min(wait, callLeft);
            }
            TimeUnit.NANOSECONDS.timedWait(this, wait);
        }
    }

    /**
     * With {@code ConfirmationWindowSize=-1} only the send that the failure interrupts throws; a send made while the
     * reconnect is already under way waits for it, as every other call does (bounded by the deadline).
     */
    synchronized void awaitIfReconnecting() {
        try {
            while (state == State.RECONNECTING) {
                long left = outage.deadlineNanos() - clock.nanoTime();
                if (left <= 0) {
                    expire();
                    return; // the call goes to the dead connection and fails as it would without the agent
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The deadline passed while an attempt was still running: fail now and stop the attempt. */
    private void expire() {
        state = State.FAILED;
        notifyAll();
        outage.cancel(); // the reconnect announces RECONNECT_FAILED on its way out
    }

    synchronized State state() {
        return state;
    }

    synchronized boolean isReconnecting() {
        return state == State.RECONNECTING;
    }

    /** Whether the application closed the connection during an outage: that close fails the sends still pending. */
    synchronized boolean closedInOutage() {
        return closedInOutage;
    }

    /** Whether {@code gen} is the current generation of a connected connection. */
    synchronized boolean isCurrent(long gen) {
        return gen == generation && state == State.CONNECTED;
    }

    synchronized long generation() {
        return generation;
    }

    synchronized Throwable lastFailure() {
        return lastFailure;
    }

    synchronized long lastFailureMillis() {
        return lastFailureMillis;
    }

    synchronized int reconnects() {
        return reconnects;
    }
}
