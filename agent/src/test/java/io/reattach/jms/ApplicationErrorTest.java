package io.reattach.jms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.jms.Connection;
import javax.jms.InvalidClientIDException;
import javax.jms.InvalidDestinationException;
import javax.jms.JMSException;
import javax.jms.JMSSecurityException;
import javax.jms.MessageProducer;
import javax.jms.Session;
import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The application's own mistakes reach it exactly as the provider threw them, and never start a reconnect. */
@Timeout(10)
class ApplicationErrorTest {

    private static final String ALL_EVENTS = "ReconDelay=(1000,250),ExceptionListenerEvents=ALL";

    @Test
    void anInvalidDestinationPassesThroughUnchanged() throws Exception {
        try (EngineHarness h = EngineHarness.start(ALL_EVENTS)) {
            EngineHarness.Events events = new EngineHarness.Events();
            Connection connection = h.createConnection();
            connection.setExceptionListener(events);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            InvalidDestinationException refused = new InvalidDestinationException("queue OUT does not exist");
            h.broker.throwNext("send", refused);

            assertSame(refused, assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("1"))));
            producer.send(session.createTextMessage("2"));

            assertEquals(Collections.singletonList("2"), h.broker.texts("OUT"));
            assertNoReconnect(h, events);
        }
    }

    @Test
    void aClientIdInUsePassesThroughUnchanged() throws Exception {
        try (EngineHarness h = EngineHarness.start(ALL_EVENTS)) {
            EngineHarness.Events events = new EngineHarness.Events();
            Connection first = h.createConnection();
            first.setClientID("orders-app");
            Connection second = h.createConnection();
            second.setExceptionListener(events);

            InvalidClientIDException inUse = assertThrows(InvalidClientIDException.class, () -> second.setClientID("orders-app"));

            assertEquals("client ID orders-app is in use by another connection", inUse.getMessage());
            assertEquals(2, h.broker.connectAttempts(), "two connects, no reconnect");
            assertEquals(Arrays.asList("orders-app", null), h.broker.clientIds());
            assertEquals(Collections.emptyList(), events.codes());
        }
    }

    /**
     * A bare IllegalStateException says neither "application" nor "connection": the engine asks the broker (a probe),
     * finds the connection well, and lets the exception through.
     */
    @Test
    void anExceptionThatSaysNeitherIsSettledByAProbeAndPassesThrough() throws Exception {
        try (EngineHarness h = EngineHarness.start(ALL_EVENTS)) {
            EngineHarness.Events events = new EngineHarness.Events();
            Connection connection = h.createConnection();
            connection.setExceptionListener(events);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);

            javax.jms.IllegalStateException notTransacted = assertThrows(javax.jms.IllegalStateException.class, session::commit);

            assertEquals("not a transacted session", notTransacted.getMessage());
            assertNoReconnect(h, events);
        }
    }

    private static void assertNoReconnect(EngineHarness h, EngineHarness.Events events) throws InterruptedException {
        h.awaitReconnectsOver();
        assertEquals(0, h.reconnectAttempts());
        assertEquals(1, h.broker.openConnections(), "the application's connection is still the first one");
        for (String code : events.codes()) {
            assertFalse(code != null && code.startsWith("RECONNECT"), "no reconnect event, got " + events.codes());
        }
    }

    @Test
    void anApplicationErrorTheProviderReportsToTheExceptionListenerReachesTheApplicationsUnchanged() throws Exception {
        try (EngineHarness h = EngineHarness.start(ALL_EVENTS)) {
            EngineHarness.Events events = new EngineHarness.Events();
            Connection connection = h.createConnection();
            connection.setExceptionListener(events);
            connection.start(); // the engine's own listener is installed on the provider's connection by now
            JMSSecurityException refused = new JMSSecurityException("user app may not send to OUT");

            h.broker.reportToListeners(refused);

            assertSame(refused, events.next());
            assertSame(events, connection.getExceptionListener(), "the application's listener, not the engine's");
            assertNoReconnect(h, events);
            assertEquals(Collections.singletonList(refused), events.all());
        }
    }
}
