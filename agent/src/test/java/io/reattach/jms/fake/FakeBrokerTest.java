package io.reattach.jms.fake;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.InvalidDestinationException;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fake provider on its own, without the agent: what the engine's tests rely on it to do. Each of these is a
 * failure that an application without the agent would see, so the engine's tests can fail.
 */
@Timeout(10)
class FakeBrokerTest {

    private final FakeBroker broker = new FakeBroker();

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void aCrashLosesWhatWasInFlightAndBreaksTheConnection() throws Exception {
        Connection connection = broker.connectionFactory().createConnection();
        CompletableFuture<Thread> listenerThread = new CompletableFuture<>();
        CompletableFuture<JMSException> reported = new CompletableFuture<>();
        connection.setExceptionListener(e -> {
            listenerThread.complete(Thread.currentThread());
            reported.complete(e);
        });
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("OUT"));
        producer.send(session.createTextMessage("in flight"), DeliveryMode.NON_PERSISTENT, 4, 0);
        producer.send(session.createTextMessage("stored"));
        producer.send(session.createTextMessage("lost"), DeliveryMode.NON_PERSISTENT, 4, 0);

        broker.crash();

        assertEquals(Arrays.asList("in flight", "stored"), broker.texts("OUT"), "a persistent send is a round trip");
        JMSException failure = assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("after")));
        assertInstanceOf(IOException.class, failure.getCause());
        assertInstanceOf(IOException.class, reported.get(5, TimeUnit.SECONDS).getLinkedException());
        assertNotSame(Thread.currentThread(), listenerThread.get(5, TimeUnit.SECONDS), "on the provider's thread");
        assertEquals(0, broker.openConnections());
    }

    @Test
    void deliveriesNotAcknowledgedComeBackAfterACrash() throws Exception {
        broker.send("IN", "1");
        broker.send("IN", "2");
        Connection connection = broker.connectionFactory().createConnection();
        Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue("IN"));
        connection.start();
        assertEquals("1", ((TextMessage) consumer.receive(1000)).getText());
        assertEquals("2", ((TextMessage) consumer.receive(1000)).getText());

        broker.crash();

        Connection next = broker.connectionFactory().createConnection();
        MessageConsumer again = next.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(session.createQueue("IN"));
        next.start();
        Message first = again.receive(1000);
        assertEquals("1", ((TextMessage) first).getText());
        assertTrue(first.getJMSRedelivered());
        assertEquals("2", ((TextMessage) again.receive(1000)).getText());
    }

    @Test
    void anOpenTransactionIsLostWithTheConnection() throws Exception {
        Connection connection = broker.connectionFactory().createConnection();
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        session.createProducer(session.createQueue("OUT")).send(session.createTextMessage("uncommitted"));

        broker.crash();

        assertThrows(JMSException.class, session::commit);
        assertEquals(Collections.emptyList(), broker.texts("OUT"));
    }

    @Test
    void connectsAreRefusedWhileDownAndHangWhileStalled() throws Exception {
        broker.stayDown();
        JMSException refused = assertThrows(JMSException.class, () -> broker.connectionFactory().createConnection());
        assertInstanceOf(ConnectException.class, refused.getCause());

        broker.stallConnects();
        CompletableFuture<Connection> hanging = CompletableFuture.supplyAsync(() -> {
            try {
                return broker.connectionFactory().createConnection();
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        broker.await("a hanging connect", () -> broker.stalledConnects() == 1);
        broker.restart();
        hanging.get(5, TimeUnit.SECONDS).close();
        assertEquals(2, broker.connectAttempts());
    }

    @Test
    void aClientIdIsTheFirstCallOrNone() throws Exception {
        Connection connection = broker.connectionFactory().createConnection();
        connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(javax.jms.IllegalStateException.class, () -> connection.setClientID("late"));
    }

    @Test
    void scriptedFailuresHappenAtTheNamedCall() throws Exception {
        Connection connection = broker.connectionFactory().createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("OUT"));
        InvalidDestinationException invalid = new InvalidDestinationException("no such queue");
        broker.throwNext("send", invalid);
        assertSame(invalid, assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("refused"))));

        broker.failNextAfterApplying("send", 1);
        assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("stored, reply lost")));
        assertEquals(Collections.singletonList("stored, reply lost"), broker.texts("OUT"));
        assertEquals(0, broker.openConnections(), "the lost reply broke the connection");

        broker.failNext("createConnection", 1);
        assertThrows(JMSException.class, () -> broker.connectionFactory().createConnection());
        broker.failNext("createSession", 1);
        Connection next = broker.connectionFactory().createConnection();
        JMSException broken = assertThrows(JMSException.class, () -> next.createSession(false, Session.AUTO_ACKNOWLEDGE));
        assertInstanceOf(IOException.class, broken.getCause());
        assertThrows(JMSException.class, next::start, "the connection broke under the call");
    }

    @Test
    void aQuietCrashIsNeitherReportedNorNamed() throws Exception {
        Connection connection = broker.connectionFactory().createConnection();
        java.util.List<JMSException> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        connection.setExceptionListener(reported::add);
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("OUT"));

        broker.crashQuietly();

        RuntimeException closed = assertThrows(RuntimeException.class, () -> producer.send(session.createTextMessage("lost")));
        assertNull(closed.getCause());
        assertEquals(0, broker.openConnections());
        broker.awaitCallbacks();
        assertEquals(Collections.emptyList(), reported, "the listener heard nothing");
    }

    @Test
    void anUncheckedExceptionCanBeScriptedAndCallsAreCounted() throws Exception {
        Connection connection = broker.connectionFactory().createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("OUT"));
        UnsupportedOperationException refused = new UnsupportedOperationException("not for you");
        broker.throwNext("send", refused);

        assertSame(refused, assertThrows(UnsupportedOperationException.class, () -> producer.send(session.createTextMessage("x"))));
        assertEquals(2, broker.calls("createSession"));
        assertEquals(1, broker.calls("send"));
    }
}
