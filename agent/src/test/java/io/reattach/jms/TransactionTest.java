package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The transaction state machine at a reconnect: replayed or lost, and what is known of its commit afterwards. */
class TransactionTest {

    @Test
    void aTransactionThatOnlySentIsReplayedAndItsCommitsOutcomeIsInDoubtUntilItEnds() {
        Transaction t = new Transaction();
        t.sent();
        t.connectionReplaced(true);
        assertEquals(Transaction.State.SENT, t.state());
        assertTrue(t.replayed(), "sent again on the new session: a commit the broker rejects as duplicates was done");
        assertFalse(t.takeLost());
        t.ended();
        assertFalse(t.replayed());
    }

    @Test
    void aTransactionThatReceivedIsLostAndOnlyWorkOnTheNewSessionIsRolledBackThere() {
        Transaction t = new Transaction();
        t.received();
        t.connectionReplaced(true);
        assertFalse(t.replayed());
        assertFalse(t.workAfterLoss(), "nothing done on the new session yet: nothing to roll back there");
        t.sent();
        assertTrue(t.workAfterLoss());
        assertTrue(t.takeLost());
        assertFalse(t.workAfterLoss(), "the next transaction starts clean");
        assertEquals(Transaction.State.IDLE, t.state());
    }

    @Test
    void withoutTheWindowASentTransactionIsLost() {
        Transaction t = new Transaction();
        t.sent();
        t.connectionReplaced(false);
        assertFalse(t.replayed());
        assertTrue(t.takeLost());
    }
}
