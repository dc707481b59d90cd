package io.reattach.jms;

/**
 * The open transaction of a transacted session, as the reconnect sees it. One state machine, every transition
 * guarded by this object:
 * <pre>
 *   IDLE --send--> SENT --receive--> RECEIVED
 *   IDLE --receive--> RECEIVED          SENT --a send dropped from the window--> INCOMPLETE
 *   any --commit/rollback--> IDLE
 *   at a reconnect: IDLE stays; SENT stays (it was replayed) when the window is on, else LOST;
 *                   RECEIVED, INCOMPLETE --> LOST
 *   LOST --commit--> IDLE, and the commit throws TransactionRolledBackException
 * </pre>
 * A transaction replayed after a failure during its commit may have been committed already (the broker's answer was
 * lost): with duplicate detection the broker rejects the replayed copies, and that rejection of the commit means
 * the first commit was done ({@link ManagedObject}).
 * A transaction that only sent, with every send still in the confirmation window, can be sent again on the new
 * session; one that received cannot (its input is redelivered to someone), nor one that lost a send.
 */
final class Transaction {

    enum State { IDLE, SENT, RECEIVED, INCOMPLETE, LOST }

    private State state = State.IDLE;
    /** Sent again on a new session since the last commit: its commit's outcome before the failure is unknown. */
    private boolean replayed;
    /** The application sent or received on the new session after the transaction was lost. */
    private boolean workAfterLoss;

    synchronized State state() {
        return state;
    }

    synchronized void sent() {
        if (state == State.IDLE) {
            state = State.SENT;
        }
        workAfterLoss |= state == State.LOST;
    }

    synchronized void received() {
        if (state == State.IDLE || state == State.SENT) {
            state = State.RECEIVED;
        }
        workAfterLoss |= state == State.LOST;
    }

    /** Whether the application worked on the new session within the lost transaction (then that work is rolled back too). */
    synchronized boolean workAfterLoss() {
        return workAfterLoss;
    }

    /** A send of this transaction left the confirmation window before the commit: it cannot be replayed. */
    synchronized void sendDropped() {
        if (state == State.SENT) {
            state = State.INCOMPLETE;
        }
    }

    /** Whether the open transaction can be sent again on a new session (the window is on and holds all of it). */
    synchronized boolean canReplay(boolean windowOn) {
        return windowOn && (state == State.IDLE || state == State.SENT);
    }

    /** The connection was replaced: what the transaction did is either replayed or lost. */
    synchronized void connectionReplaced(boolean windowOn) {
        if (state == State.RECEIVED || state == State.INCOMPLETE || state == State.SENT && !windowOn) {
            state = State.LOST;
        } else if (state == State.SENT) {
            replayed = true;
        }
    }

    /** Whether the transaction was sent again on a new session since its last commit or rollback. */
    synchronized boolean replayed() {
        return replayed;
    }

    /**
     * Before a commit: true when the transaction was lost with the connection, and the commit must throw. The
     * transaction ends either way for the next one.
     */
    synchronized boolean takeLost() {
        if (state != State.LOST) {
            return false;
        }
        state = State.IDLE;
        replayed = false;
        workAfterLoss = false;
        return true;
    }

    /** Committed or rolled back on the provider. */
    synchronized void ended() {
        state = State.IDLE;
        replayed = false;
        workAfterLoss = false;
    }
}
