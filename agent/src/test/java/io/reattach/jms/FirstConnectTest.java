package io.reattach.jms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.jms.Connection;
import javax.jms.JMSException;
import javax.jms.JMSSecurityException;
import javax.jms.Session;
import java.net.ConnectException;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code createConnection} while the broker is down: the engine retries the factory under the policy. */
@Timeout(10)
class FirstConnectTest {

    @Test
    void aConnectionCreatedWhileTheBrokerIsDownIsRetriedUntilItIsBack() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            h.broker.failNext("createConnection", 3); // refused three times, then the broker is up

            Connection connection = h.createConnection();

            assertEquals(4, h.broker.connectAttempts());
            List<Long> waits = h.time.waits();
            assertEquals(3, waits.size(), "a wait before each retry");
            for (long wait : waits) {
                assertTrue(wait >= 1000 && wait <= 1250, "ReconDelay=(1000,250), was " + wait);
            }
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("OUT")).send(session.createTextMessage("works"));
            assertEquals(Collections.singletonList("works"), h.broker.texts("OUT"));
        }
    }

    @Test
    void initialConnectAttemptsBoundsTheAttemptsAndTheApplicationGetsTheLastFailure() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250),InitialConnectAttempts=3")) {
            h.broker.stayDown();

            JMSException failure = assertThrows(JMSException.class, h::createConnection);

            assertInstanceOf(ConnectException.class, failure.getCause());
            assertEquals(3, h.broker.connectAttempts(), "InitialConnectAttempts counts the first one");
            assertEquals(2, h.time.waits().size());
        }
    }

    @Test
    void withOneInitialAttemptTheFailureIsTheProvidersAtOnce() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250),InitialConnectAttempts=1")) {
            h.broker.stayDown();

            JMSException failure = assertThrows(JMSException.class, h::createConnection);

            assertInstanceOf(ConnectException.class, failure.getCause());
            assertEquals(1, h.broker.connectAttempts());
            assertEquals(Collections.emptyList(), h.time.waits());
        }
    }

    @Test
    void anApplicationErrorAtConnectIsNotRetried() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            JMSSecurityException badPassword = new JMSSecurityException("user app: wrong password");
            h.broker.throwNext("createConnection", badPassword);

            assertSame(badPassword, assertThrows(JMSException.class, () -> h.createConnection("app", "wrong")));
            assertEquals(1, h.broker.connectAttempts());
            assertEquals(Collections.emptyList(), h.time.waits());
        }
    }

    @Test
    void aConnectionCreatedAfterRetriesIsManaged() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            h.broker.failNext("createConnection", 1);
            Connection connection = h.createConnection("app", "secret");
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);

            h.broker.crash();
            session.createProducer(session.createQueue("OUT")).send(session.createTextMessage("after a reconnect"));

            assertEquals(Collections.singletonList("after a reconnect"), h.broker.texts("OUT"));
            assertEquals(3, h.broker.connectAttempts(), "refused, connected, reconnected");
            assertEquals(Collections.singletonList("app"), h.broker.users(), "the reconnect uses the same credentials");
        }
    }
}
