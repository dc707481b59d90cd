package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.util.Arrays;

import io.reattach.config.HostPort;
import io.reattach.net.AddressList;
import org.junit.jupiter.api.Test;

/**
 * A JMS connect that reached the preferred address of {@code ConnectionNameList} over TCP and then failed as a
 * connection hands the preference on, as a refused TCP connect does; nothing else moves it.
 */
class ConnectFeedbackTest {

    private final AddressList list = new AddressList(Arrays.asList(new HostPort("127.0.0.1", 1), new HostPort("127.0.0.1", 2)));

    private static javax.jms.JMSException lostConnection() {
        javax.jms.JMSException e = new javax.jms.JMSException("Wire format negotiation timeout: peer did not send his wire format.");
        e.initCause(new EOFException());
        return e;
    }

    @Test
    void aConnectThatReachedThePreferredAddressAndFailedHandsThePreferenceOn() {
        ConnectFeedback.Mark mark = ConnectFeedback.mark(list);
        list.connected(0); // TCP accepted; the JMS connect then timed out

        ConnectFeedback.failed(mark, lostConnection(), "test");

        assertEquals(1, list.preferred());
    }

    @Test
    void aRefusedConnectHasHandedItOnAlreadyAndIsNotCountedTwice() {
        ConnectFeedback.Mark mark = ConnectFeedback.mark(list);
        list.failed(0); // the socket engine saw the refusal

        ConnectFeedback.failed(mark, lostConnection(), "test");

        assertEquals(1, list.preferred(), "not moved on to 0 again");
    }

    @Test
    void theApplicationsOwnErrorsDoNotMoveIt() {
        ConnectFeedback.Mark mark = ConnectFeedback.mark(list);
        list.connected(0);

        ConnectFeedback.failed(mark, new javax.jms.JMSSecurityException("bad password"), "test");

        assertEquals(0, list.preferred(), "a bad password is bad on every broker");
    }

    @Test
    void aConnectThatReachedNoAddressOfTheListDoesNotMoveIt() {
        ConnectFeedback.Mark mark = ConnectFeedback.mark(list);

        ConnectFeedback.failed(mark, lostConnection(), "test");

        assertEquals(0, list.preferred());
    }

    @Test
    void aGenerationThatFailsBeforeItProvedItselfIsAFailedConnect() {
        ConnectFeedback feedback = new ConnectFeedback("test");
        ConnectFeedback.Mark mark = ConnectFeedback.mark(list);
        list.connected(0); // ActiveMQ Classic: createConnection returns before the broker said a word
        feedback.connected(mark, 0);

        feedback.generationFailed(1, lostConnection());
        assertEquals(0, list.preferred(), "another generation's failure says nothing about this connect");
        feedback.generationFailed(0, lostConnection());
        assertEquals(1, list.preferred());
    }

    @Test
    void aGenerationThatWorkedFailsAsAConnectionNotAsAConnect() {
        ConnectFeedback feedback = new ConnectFeedback("test");
        ConnectFeedback.Mark mark = ConnectFeedback.mark(list);
        list.connected(0);
        feedback.connected(mark, 0);
        feedback.proven(); // a session was created: the broker answered

        feedback.generationFailed(0, lostConnection());

        assertEquals(0, list.preferred(), "the reconnect finds out where to go, as after any lost connection");
    }

    @Test
    void withoutAListThereIsNothingToTell() {
        ConnectFeedback.failed(ConnectFeedback.mark(null), lostConnection(), "test");
        new ConnectFeedback("test").generationFailed(0, lostConnection());
    }
}
