package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.NotSerializableException;
import java.util.Arrays;
import java.util.Collections;

import javax.jms.MessageFormatException;
import javax.jms.MessageProducer;
import javax.jms.Session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rule that tells a broken connection from the application's own error, when the provider's exceptions say
 * nothing by their names: the connection decides, not the exception. (That an error the provider reports to the
 * ExceptionListener reaches the application's unchanged is in {@link ApplicationErrorTest}.)
 */
@Timeout(10)
class FailureDetectorTest {

    @Test
    void anUncheckedExceptionWithoutACauseOnABrokenConnectionIsAConnectionFailure() throws Exception {
        try (EngineHarness h = EngineHarness.start("")) {
            Session session = h.createConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("q"));
            producer.send(session.createTextMessage("1"));
            h.broker.crashQuietly(); // the provider says nothing: only the probe can tell

            producer.send(session.createTextMessage("2")); // throws on the dead connection: made again after the reconnect

            assertEquals(Arrays.asList("1", "2"), h.broker.texts("q"));
            assertEquals(1, h.reconnectAttempts(), "one reconnect");
        }
    }

    @Test
    void anApplicationErrorOnAHealthyConnectionPassesThroughUnchanged() throws Exception {
        try (EngineHarness h = EngineHarness.start("")) {
            Session session = h.createConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("q"));
            UnsupportedOperationException forbidden = new UnsupportedOperationException("not for you");
            h.broker.throwNext("send", forbidden);
            // A MessageFormatException whose cause is an IOException (NotSerializableException): still the application's.
            MessageFormatException badFormat = new MessageFormatException("cannot serialise the body");
            badFormat.initCause(new NotSerializableException("java.lang.Object"));

            assertSame(forbidden, assertThrows(UnsupportedOperationException.class, () -> producer.send(session.createTextMessage("x"))),
                    "the provider's own exception, unchanged");
            h.broker.throwNext("send", badFormat);
            assertSame(badFormat, assertThrows(MessageFormatException.class, () -> producer.send(session.createTextMessage("y"))));

            h.awaitReconnectsOver();
            assertEquals(0, h.reconnectAttempts(), "no reconnect");
            producer.send(session.createTextMessage("after"));
            assertEquals(Collections.singletonList("after"), h.broker.texts("q"), "the same producer still sends");
        }
    }

    @Test
    void theProbeRunsOnlyAfterAnException() throws Exception {
        try (EngineHarness h = EngineHarness.start("")) {
            Session session = h.createConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("q"));
            int sessions = h.broker.calls("createSession"); // the probe asks the connection for a session
            for (int i = 0; i < 100; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            assertEquals(sessions, h.broker.calls("createSession"), "a send that works costs no probe");

            h.broker.throwNext("send", new UnsupportedOperationException("not for you"));
            assertThrows(UnsupportedOperationException.class, () -> producer.send(session.createTextMessage("x")));
            assertEquals(sessions + 1, h.broker.calls("createSession"), "one probe for one exception");
        }
    }

    @Test
    void aLossTheProviderReportedStartsTheReconnect() throws Exception {
        try (EngineHarness h = EngineHarness.start("")) {
            Session session = h.createConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("q"));

            h.broker.crash(); // reported to the connection's ExceptionListener, with no call of the application's
            h.broker.await("the reported loss to start a reconnect", () -> h.broker.connectAttempts() == 2);

            producer.send(session.createTextMessage("after")); // on the new connection
            assertEquals(Collections.singletonList("after"), h.broker.texts("q"));
        }
    }
}
