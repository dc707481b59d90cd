package io.reattach.jms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.jms.Connection;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TransactionRolledBackException;
import java.util.Arrays;
import java.util.Collections;

import static io.reattach.jms.EngineHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transacted session whose connection fails before its commit: replayed when it only sent, rolled back otherwise;
 * and the {@link Transaction} state machine at a reconnect: what is known of its commit afterwards.
 */
@Timeout(10)
class TransactionTest {

    @Test
    void aTransactionThatOnlySentIsReplayedAndItsCommitSucceeds() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.send(session.createTextMessage("1"));
            producer.send(session.createTextMessage("2"));

            h.broker.crash(); // the broker forgets the open transaction
            session.commit();

            assertEquals(Arrays.asList("1", "2"), h.broker.texts("OUT"));
        }
    }

    @Test
    void aTransactionThatAlsoReceivedIsRolledBackAtCommitAndItsInputDeliveredAgain() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue("IN"));
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            connection.start();
            h.broker.send("IN", "order");
            assertEquals("order", text(consumer.receive(EngineHarness.PATIENCE_MILLIS)));
            producer.send(session.createTextMessage("its result"));

            h.broker.crash();
            TransactionRolledBackException rolledBack = assertThrows(TransactionRolledBackException.class, session::commit);

            assertEquals("TRANSACTION_ROLLED_BACK", rolledBack.getErrorCode());
            assertEquals(Collections.emptyList(), h.broker.texts("OUT"), "none of the transaction's sends");
            Message again = consumer.receive(EngineHarness.PATIENCE_MILLIS);
            assertEquals("order", text(again), "the session goes on: its input is delivered again");
            assertTrue(again.getJMSRedelivered());
            producer.send(session.createTextMessage("its result"));
            session.commit();
            assertEquals(Collections.singletonList("its result"), h.broker.texts("OUT"));
            assertEquals(Collections.emptyList(), h.broker.texts("IN"));
        }
    }

    @Test
    void aTransactionWithASendDroppedFromTheWindowIsRolledBackAtCommit() throws Exception {
        // Each send below is estimated at 856 bytes (256 + 2 per character): the window keeps one of them.
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250),ConfirmationWindowSize=1000")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.send(session.createTextMessage(repeat('a', 300)));
            producer.send(session.createTextMessage(repeat('b', 300)));

            h.broker.crash();
            assertThrows(TransactionRolledBackException.class, session::commit);

            assertEquals(Collections.emptyList(), h.broker.texts("OUT"), "a transaction is replayed whole or not at all");
            producer.send(session.createTextMessage("next"));
            session.commit();
            assertEquals(Collections.singletonList("next"), h.broker.texts("OUT"));
        }
    }

    @Test
    void aTransactionThatFitsTheWindowIsReplayed() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250),ConfirmationWindowSize=2000")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.send(session.createTextMessage(repeat('a', 300)));
            producer.send(session.createTextMessage(repeat('b', 300)));

            h.broker.crash();
            session.commit();

            assertEquals(Arrays.asList(repeat('a', 300), repeat('b', 300)), h.broker.texts("OUT"));
        }
    }

    @Test
    void aRollbackDuringTheOutageDiscardsTheTransactionOnTheNewConnection() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.send(session.createTextMessage("rolled back"));

            h.broker.crash();
            session.rollback();
            producer.send(session.createTextMessage("committed"));
            session.commit();

            assertEquals(Collections.singletonList("committed"), h.broker.texts("OUT"));
        }
    }

    /**
     * The broker committed, the reply was lost: the engine cannot know, replays the transaction and commits it again.
     * At least once, as the README says ("What it does not do"): without duplicate detection the messages are doubled.
     */
    @Test
    void aCommitWhoseReplyWasLostIsCommittedAgainAtLeastOnce() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.send(session.createTextMessage("1"));
            producer.send(session.createTextMessage("2"));

            h.broker.failNextAfterApplying("commit", 1);
            session.commit();

            assertEquals(Arrays.asList("1", "2", "1", "2"), h.broker.texts("OUT"));
        }
    }

    @Test
    void withDuplicateDetectionACommitWhoseReplyWasLostLeavesEachMessageOnce() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250),DuplicateDetection=YES")) {
            h.broker.detectDuplicates("_AMQ_DUPL_ID");
            Connection connection = h.createConnection();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.send(session.createTextMessage("1"));
            producer.send(session.createTextMessage("2"));

            h.broker.failNextAfterApplying("commit", 1);
            session.commit();

            assertEquals(Arrays.asList("1", "2"), h.broker.texts("OUT"));
        }
    }

    private static String repeat(char c, int n) {
        char[] chars = new char[n];
        Arrays.fill(chars, c);
        return new String(chars);
    }

    @Test
    void aSendMadeDuringTheOutageJoinsTheReplayedTransactionInOrder() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.send(session.createTextMessage("1"));

            h.broker.crash();
            producer.send(session.createTextMessage("2, during the outage"));
            session.commit();

            assertEquals(Arrays.asList("1", "2, during the outage"), h.broker.texts("OUT"));
        }
    }

    /**
     * Work the application did on the new session within a transaction that was lost belongs to that transaction: the
     * commit that throws rolls it back, so that the next commit does not publish half of a rolled-back transaction.
     */
    @Test
    void workOnTheNewSessionWithinALostTransactionIsRolledBackWithIt() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue("IN"));
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            connection.start();
            h.broker.send("IN", "order");
            assertEquals("order", text(consumer.receive(EngineHarness.PATIENCE_MILLIS)));

            h.broker.crash();
            producer.send(session.createTextMessage("its result, sent after the failure"));
            assertThrows(TransactionRolledBackException.class, session::commit);
            session.commit();

            assertEquals(Collections.emptyList(), h.broker.texts("OUT"), "the lost transaction's send on the new session");
            assertEquals("order", text(consumer.receive(EngineHarness.PATIENCE_MILLIS)), "its input is delivered again");
        }
    }

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
