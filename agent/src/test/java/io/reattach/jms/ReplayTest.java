package io.reattach.jms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The confirmation window: sends whose outcome the crash made unknown are sent again after the reconnect, in their
 * order, before anything sent later. The fake loses non-persistent sends still in flight when it crashes.
 */
@Timeout(10)
class ReplayTest {

    @Test
    void nonPersistentSendsLostWithTheCrashAreSentAgainInOrderBeforeAnythingSentLater() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session first = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session second = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer fast = nonPersistent(first.createProducer(first.createQueue("OUT")));
            MessageProducer other = nonPersistent(second.createProducer(second.createQueue("OUT")));
            MessageProducer safe = first.createProducer(first.createQueue("OUT"));
            fast.send(first.createTextMessage("1"));
            other.send(second.createTextMessage("2"));
            fast.send(first.createTextMessage("3"));

            h.broker.crash();
            assertEquals(Collections.emptyList(), h.broker.texts("OUT"), "the crash lost the sends in flight");
            safe.send(first.createTextMessage("4, sent after the crash"));

            assertEquals(Arrays.asList("1", "2", "3", "4, sent after the crash"), h.broker.texts("OUT"));
        }
    }

    @Test
    void sendsAlreadyConfirmedAreNotSentAgain() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer fast = nonPersistent(session.createProducer(session.createQueue("OUT")));
            MessageProducer safe = session.createProducer(session.createQueue("OUT"));
            fast.send(session.createTextMessage("1"));
            safe.send(session.createTextMessage("2, persistent: a round trip that confirms 1"));
            fast.send(session.createTextMessage("3"));

            h.broker.crash();
            safe.send(session.createTextMessage("4"));

            assertEquals(Arrays.asList("1", "2, persistent: a round trip that confirms 1", "3", "4"), h.broker.texts("OUT"));
        }
    }

    @Test
    void aPersistentSendInterruptedByTheFailureIsMadeAgainOnce() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.send(session.createTextMessage("before"));

            h.broker.failNext("send", 1); // the connection breaks under the send, before the broker sees it
            producer.send(session.createTextMessage("interrupted"));

            assertEquals(Arrays.asList("before", "interrupted"), h.broker.texts("OUT"));
            assertEquals(1, h.reconnectAttempts());
        }
    }

    /**
     * The window keeps a copy of each text message, not the object: one that the application changes and sends again,
     * and changes once more after the last send, is replayed as it was at each send.
     */
    @Test
    void aMessageObjectTheApplicationReusesIsReplayedAsItWasAtEachSend() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer fast = nonPersistent(session.createProducer(session.createQueue("OUT")));
            MessageProducer safe = session.createProducer(session.createQueue("OUT"));
            Queue replies = session.createQueue("REPLIES");
            TextMessage reused = session.createTextMessage("1");
            reused.setIntProperty("seq", 1);
            reused.setJMSCorrelationID("c-1");
            reused.setJMSType("first");
            reused.setJMSReplyTo(replies);
            fast.send(reused);
            reused.setText("2");
            reused.setIntProperty("seq", 2);
            reused.setStringProperty("extra", "x");
            reused.setJMSCorrelationID("c-2");
            reused.setJMSType("second");
            fast.send(reused);
            reused.setText("changed after the last send");
            reused.clearProperties();
            reused.setJMSCorrelationID("c-3");

            h.broker.crash();
            safe.send(session.createTextMessage("3"));

            assertEquals(Arrays.asList("1", "2", "3"), h.broker.texts("OUT"));
            List<TextMessage> stored = h.broker.browse("OUT");
            assertEquals(1, stored.get(0).getIntProperty("seq"));
            assertEquals(null, stored.get(0).getStringProperty("extra"));
            assertEquals("c-1", stored.get(0).getJMSCorrelationID());
            assertEquals("first", stored.get(0).getJMSType());
            assertEquals(replies, stored.get(0).getJMSReplyTo());
            assertEquals(2, stored.get(1).getIntProperty("seq"));
            assertEquals("x", stored.get(1).getStringProperty("extra"));
            assertEquals("c-2", stored.get(1).getJMSCorrelationID());
            assertEquals("second", stored.get(1).getJMSType());
        }
    }

    /** The baseline that shows the replay is the engine's doing: with the window off, what the crash lost stays lost. */
    @Test
    void withTheWindowOffTheSendsLostWithTheCrashStayLost() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250),ConfirmationWindowSize=-1")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer fast = nonPersistent(session.createProducer(session.createQueue("OUT")));
            MessageProducer safe = session.createProducer(session.createQueue("OUT"));
            fast.send(session.createTextMessage("lost"));

            h.broker.holdCallbacks(); // the send, not the provider's ExceptionListener, is the first to see the failure
            h.broker.crash();
            assertThrows(JMSException.class, () -> safe.send(session.createTextMessage("interrupted")),
                    "ConfirmationWindowSize=-1: the send the failure interrupts throws; the reconnect goes on");
            h.broker.releaseCallbacks();
            safe.send(session.createTextMessage("after the reconnect"));

            assertEquals(Collections.singletonList("after the reconnect"), h.broker.texts("OUT"));
        }
    }

    private static MessageProducer nonPersistent(MessageProducer p) throws JMSException {
        p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        return p;
    }

    @Test
    void theSendsOfAProducerTheApplicationClosedAreReplayedToo() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer closed = nonPersistent(session.createProducer(session.createQueue("OUT")));
            closed.send(session.createTextMessage("1"));
            closed.close();
            MessageProducer safe = session.createProducer(session.createQueue("OUT"));

            h.broker.crash();
            safe.send(session.createTextMessage("2"));

            assertEquals(Arrays.asList("1", "2"), h.broker.texts("OUT"));
        }
    }

    /** The documented limit: the window keeps the newest sends that fit; older ones are no longer protected. */
    @Test
    void sendsDroppedFromAFullWindowAreNotReplayed() throws Exception {
        // Each send below is estimated at 258 bytes (256 + 2 per character): the window keeps the last two.
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250),ConfirmationWindowSize=600")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer fast = nonPersistent(session.createProducer(session.createQueue("OUT")));
            MessageProducer safe = session.createProducer(session.createQueue("OUT"));
            fast.send(session.createTextMessage("1"));
            fast.send(session.createTextMessage("2"));
            fast.send(session.createTextMessage("3"));

            h.broker.crash();
            safe.send(session.createTextMessage("4"));

            assertEquals(Arrays.asList("2", "3", "4"), h.broker.texts("OUT"));
        }
    }

    @Test
    void withDuplicateDetectionASendWhoseReplyWasLostIsStoredOnce() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250),DuplicateDetection=YES")) {
            h.broker.detectDuplicates("_AMQ_DUPL_ID");
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));

            h.broker.failNextAfterApplying("send", 1); // stored, then the connection breaks before the reply
            producer.send(session.createTextMessage("1"));
            producer.send(session.createTextMessage("2"));

            assertEquals(Arrays.asList("1", "2"), h.broker.texts("OUT"), "the repeated send carries the same id");
        }
    }

    /** The send path reads the settings in force at each send: a reload applies to the next one. */
    @Test
    void aReloadThatTurnsDuplicateDetectionOnAppliesToTheNextSend() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.send(session.createTextMessage("1"));
            h.update("ReconDelay=(1000,250),DuplicateDetection=YES");
            producer.send(session.createTextMessage("2"));

            List<TextMessage> stored = h.broker.browse("OUT");
            assertEquals(null, stored.get(0).getStringProperty("_AMQ_DUPL_ID"));
            assertTrue(stored.get(1).getStringProperty("_AMQ_DUPL_ID").startsWith(DuplicateIds.Prefix.VALUE));
        }
    }

    @Test
    void aSecondFailureDuringTheReplayEndsWithEachSendOnceInOrder() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer fast = nonPersistent(session.createProducer(session.createQueue("OUT")));
            MessageProducer safe = session.createProducer(session.createQueue("OUT"));
            fast.send(session.createTextMessage("1"));
            fast.send(session.createTextMessage("2"));

            h.broker.holdCallbacks(); // the send below is the first to see the failure and starts the reconnect
            h.broker.crash();
            h.broker.failNext("send", 1); // the replay's first send breaks the new connection
            safe.send(session.createTextMessage("3"));
            h.broker.releaseCallbacks();

            assertEquals(Arrays.asList("1", "2", "3"), h.broker.texts("OUT"));
            assertEquals(2, h.reconnectAttempts());
        }
    }
}
