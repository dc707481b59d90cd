package io.reattach.jms;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which failures of a first connect are retried (the broker is unreachable): the application's own errors never are. */
class FailureKindTest {

    @Test
    void applicationErrorsPassThrough() {
        assertEquals(FailureKind.APPLICATION, FailureKind.of(new javax.jms.InvalidSelectorException("bad")));
        assertEquals(FailureKind.APPLICATION, FailureKind.of(new javax.jms.InvalidDestinationException("no such queue")));
        assertEquals(FailureKind.APPLICATION, FailureKind.of(new javax.jms.JMSSecurityException("denied")));
        assertEquals(FailureKind.APPLICATION, FailureKind.of(new javax.jms.MessageFormatException("not a number")));
        assertEquals(FailureKind.APPLICATION, FailureKind.of(new javax.jms.InvalidClientIDException("in use")));
        assertEquals(FailureKind.APPLICATION, FailureKind.of(new jakarta.jms.InvalidDestinationRuntimeException("no such queue")));
        assertEquals(FailureKind.APPLICATION, FailureKind.of(new jakarta.jms.InvalidSelectorException("bad")));
    }

    @Test
    void nonJmsExceptionsAreTheApplicationsToo() {
        assertEquals(FailureKind.APPLICATION, FailureKind.of(new NullPointerException()));
        assertEquals(FailureKind.APPLICATION, FailureKind.of(new IllegalArgumentException("priority 12")));
    }

    @Test
    void anIoErrorInTheCauseChainIsAConnectionFailure() {
        javax.jms.JMSException e = new javax.jms.JMSException("send failed");
        e.initCause(new SocketException("Connection reset"));
        assertEquals(FailureKind.CONNECTION, FailureKind.of(e));
        jakarta.jms.JMSRuntimeException r = new jakarta.jms.JMSRuntimeException("failed", null, new EOFException());
        assertEquals(FailureKind.CONNECTION, FailureKind.of(r));
    }

    @Test
    void aLinkedExceptionCountsLikeACause() {
        javax.jms.JMSException e = new javax.jms.JMSException("Could not connect");
        e.setLinkedException(new ConnectException("Connection refused"));
        assertEquals(FailureKind.CONNECTION, FailureKind.of(e));
    }

    /** RabbitMQ's wrong password: a JMSSecurityException caused by its AuthenticationFailureException, an IOException. */
    @Test
    void anApplicationErrorIsTheApplicationsWhateverItsCause() {
        javax.jms.JMSSecurityException e = new javax.jms.JMSSecurityException("ACCESS_REFUSED - Login was refused");
        e.initCause(new java.io.IOException("authentication failure"));
        assertEquals(FailureKind.APPLICATION, FailureKind.of(e));
    }

    @Test
    void providerDisconnectExceptionsAreRecognisedByName() {
        javax.jms.JMSException e = new javax.jms.JMSException("AMQ219016");
        e.initCause(new ActiveMQUnBlockedException());
        assertEquals(FailureKind.CONNECTION, FailureKind.of(e));
    }

    @Test
    void aBareIllegalStateNeedsAProbe() {
        assertEquals(FailureKind.UNKNOWN, FailureKind.of(new javax.jms.IllegalStateException("Session is closed")));
        assertEquals(FailureKind.UNKNOWN, FailureKind.of(new jakarta.jms.IllegalStateRuntimeException("closed")));
        assertEquals(FailureKind.UNKNOWN, FailureKind.of(new javax.jms.JMSException("something")));
    }

    @Test
    void aCauseCycleEnds() {
        javax.jms.JMSException a = new javax.jms.JMSException("a");
        javax.jms.JMSException b = new javax.jms.JMSException("b");
        a.setLinkedException(b);
        b.setLinkedException(a);
        assertEquals(FailureKind.UNKNOWN, FailureKind.of(a));
    }

    /** Stands in for Artemis' exception of that name: recognised by its name, as the real one is. */
    private static final class ActiveMQUnBlockedException extends Exception {
    }

    /** Qpid JMS's "Timed out while waiting to connect" says only "timed out": for a connect, that is the broker not answering. */
    @Test
    void aConnectThatTimedOutIsAConnectionFailure() {
        javax.jms.JMSException qpid = new javax.jms.JMSException("Timed out while waiting to connect") { };
        qpid.initCause(new ProviderOperationTimedOutException("Timed out while waiting to connect"));
        assertEquals(FailureKind.UNKNOWN, FailureKind.of(qpid), "on a live connection a timeout alone is probed");
        assertEquals(FailureKind.CONNECTION, FailureKind.ofConnect(qpid));
        assertEquals(FailureKind.APPLICATION, FailureKind.ofConnect(new javax.jms.JMSSecurityException("denied")));
        assertEquals(FailureKind.UNKNOWN, FailureKind.ofConnect(new javax.jms.JMSException("Invalid URI")));
    }

    /** The shape of Qpid's cause: its class name is all that says "timed out". */
    private static final class ProviderOperationTimedOutException extends Exception {
        ProviderOperationTimedOutException(String message) {
            super(message);
        }
    }
}
