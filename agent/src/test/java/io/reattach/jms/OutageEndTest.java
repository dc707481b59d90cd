package io.reattach.jms;

import io.reattach.jms.fake.FakeBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.jms.Connection;
import javax.jms.JMSException;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Future;

import static io.reattach.jms.EngineHarness.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How an outage ends when the broker does not come back: the application closes, or the policy gives up. */
@Timeout(10)
class OutageEndTest {

    @Test
    void closeDuringAnOutageReturnsAtOnceAndEndsTheReconnect() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            FakeBroker broker = h.broker;
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));

            broker.stallConnects();
            broker.crash();
            Future<Object> send = h.inBackground(() -> {
                producer.send(session.createTextMessage("waits for the reconnect"));
                return null;
            });
            broker.await("the send to wait while a reconnect attempt hangs",
                    () -> broker.callsRefused() >= 1 && broker.stalledConnects() == 1); // the send, and the probe that found the connection dead

            assertTimeoutPreemptively(Duration.ofSeconds(2), connection::close, "close does not wait for the hanging attempt");
            JMSException failure = assertThrows(JMSException.class, () -> result(send), "the waiting send gets its own failure");
            assertInstanceOf(IOException.class, failure.getCause());
            h.awaitReconnectsOver();
            broker.restart();

            assertEquals(1, h.reconnectAttempts(), "the hanging attempt was the last");
            assertEquals(0, broker.stalledConnects(), "close ended the hanging attempt");
            assertEquals(0, broker.openConnections());
            assertEquals(1, h.time.waits().size());
        }
    }

    @Test
    void whenTheAttemptsRunOutWaitingCallsGetTheirFailureAndTheListenerRECONNECT_FAILED() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250),ReconnectAttempts=3")) {
            EngineHarness.Events events = new EngineHarness.Events();
            Connection connection = h.createConnection();
            connection.setExceptionListener(events);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            MessageConsumer consumer = session.createConsumer(session.createQueue("IN"));
            connection.start();

            h.broker.stayDown();
            h.broker.crash();
            Future<Object> receive = h.inBackground(consumer::receive);
            JMSException sendFailure = assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("lost")));
            JMSException receiveFailure = assertThrows(JMSException.class, () -> result(receive));

            assertInstanceOf(IOException.class, sendFailure.getCause(), "the provider's own exception, as without the agent");
            assertInstanceOf(IOException.class, receiveFailure.getCause());
            JMSException event = events.next();
            assertEquals("RECONNECT_FAILED", event.getErrorCode());
            assertInstanceOf(IOException.class, event.getLinkedException().getCause(), "linked: the failure that started the outage");
            assertEquals(3, h.reconnectAttempts(), "ReconnectAttempts=3");
            List<Long> waits = h.time.waits();
            assertEquals(3, waits.size());
            for (long wait : waits) {
                assertTrue(wait >= 1000 && wait <= 1250, "ReconDelay=(1000,250), was " + wait);
            }
            assertThrows(JMSException.class, () -> session.createConsumer(session.createQueue("IN")),
                    "after the policy gave up, calls fail as on a dead connection");
            h.awaitReconnectsOver();
            assertEquals(Collections.singletonList("RECONNECT_FAILED"), events.codes());
        }
    }

    @Test
    void whenMQReconnectTimeoutPassesTheAttemptsStopAtTheDeadline() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000)(2000),MQReconnectTimeout=6")) {
            EngineHarness.Events events = new EngineHarness.Events();
            Connection connection = h.createConnection();
            connection.setExceptionListener(events);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));

            h.broker.stayDown();
            h.broker.crash();
            assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("lost")));

            assertEquals("RECONNECT_FAILED", events.next().getErrorCode());
            assertEquals(Arrays.asList(1000L, 2000L, 2000L, 1000L), h.time.waits(),
                    "the schedule, the last wait shortened so that the last attempt starts at the 6 s deadline");
            assertEquals(4, h.reconnectAttempts());
        }
    }

    @Test
    void aSettingsUpdateDuringAnOutageAppliesFromTheNextOutage() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250),ReconnectAttempts=2")) {
            Connection first = h.createConnection();
            Session session = first.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));

            h.broker.stallConnects();
            h.broker.crash();
            h.broker.await("the outage to begin", () -> h.broker.stalledConnects() == 1);
            h.update("ReconDelay=(1000,250),ReconnectAttempts=5");
            h.broker.stayDown();
            assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("lost")));
            assertEquals(2, h.reconnectAttempts(), "the outage runs under the policy in force when it began");

            h.broker.restart();
            Connection second = h.createConnection();
            Session secondSession = second.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer secondProducer = secondSession.createProducer(secondSession.createQueue("OUT"));
            int before = h.broker.connectAttempts();
            h.broker.stayDown();
            h.broker.crash();
            assertThrows(JMSException.class, () -> secondProducer.send(secondSession.createTextMessage("lost")));
            assertEquals(5, h.broker.connectAttempts() - before, "the next outage runs under the new policy");
        }
    }
}
