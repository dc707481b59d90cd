package io.reattach.jms;

import io.reattach.jms.fake.FakeBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;
import javax.jms.TopicSubscriber;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.reattach.jms.EngineHarness.result;
import static io.reattach.jms.EngineHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A broker failure, the reconnect, and everything the application set up, rebuilt on the new connection. */
@Timeout(10)
class ReconnectTest {

    @Test
    void aConsumerCreatedDuringTheReconnectThatTheNewConnectionRefusesIsReportedNotLeftSilent() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            FakeBroker broker = h.broker;
            Connection connection = h.createConnection();
            EngineHarness.Events events = new EngineHarness.Events();
            connection.setExceptionListener(events);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue("IN"));
            connection.start();

            broker.createConsumersOffline(); // as a lazy provider: a consumer on a dead session is made without a word
            broker.refuseConsumersOn("GONE"); // and the new connection's broker has no such queue
            broker.holdNext("createConsumer"); // the rebuild is making the consumer of IN again
            broker.crash();
            broker.awaitHeld("createConsumer");
            MessageConsumer late = session.createConsumer(session.createQueue("GONE")); // on the dead session: returns
            broker.release("createConsumer");
            h.awaitReconnectsOver();

            JMSException reported = events.next();
            assertInstanceOf(javax.jms.InvalidDestinationException.class, reported,
                    "the consumer's refusal reaches the application's ExceptionListener: " + reported);
            assertThrows(javax.jms.InvalidDestinationException.class, late::receiveNoWait,
                    "the application's next call on the consumer tries again, and says why it cannot be made");
            assertEquals(1, h.reconnectAttempts(), "a healthy new connection: no second reconnect");
        }
    }

    @Test
    void callsMadeDuringTheOutageWaitAndCompleteOnTheRebuiltConnection() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            FakeBroker broker = h.broker;
            Connection connection = h.createConnection();
            connection.setClientID("orders-app");
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            producer.setPriority(7);
            MessageConsumer consumer = session.createConsumer(session.createQueue("IN"));
            Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            listening.createConsumer(listening.createQueue("EVENTS")).setMessageListener(m -> heard.add(text(m)));
            connection.start();

            broker.stallConnects();
            broker.crash();
            Future<Message> receive = h.inBackground(consumer::receive);
            Future<Object> send = h.inBackground(() -> {
                producer.send(session.createTextMessage("sent during the outage"));
                return null;
            });
            broker.await("both calls to fail on the broken connection while a reconnect attempt hangs",
                    () -> broker.callsRefused() >= 2 && broker.stalledConnects() == 1); // and maybe the probe that found it dead
            assertFalse(receive.isDone(), "a receive made during the outage waits");
            assertFalse(send.isDone(), "a send made during the outage waits");

            broker.restart();
            broker.send("IN", "for the consumer");
            broker.send("EVENTS", "for the listener");
            assertEquals("for the consumer", text(result(receive)), "the consumer is rebuilt and the connection started");
            result(send);
            assertEquals("for the listener", heard.poll(EngineHarness.PATIENCE_MILLIS, TimeUnit.MILLISECONDS),
                    "the message listener is set again on the rebuilt consumer");
            assertEquals(Collections.singletonList("orders-app"), broker.clientIds(), "the client ID is set again");
            assertEquals(1, h.reconnectAttempts());
            assertEquals(1, h.time.waits().size());
            long wait = h.time.waits().get(0);
            assertTrue(wait >= 1000 && wait <= 1250, "the first delay of ReconDelay=(1000,250), was " + wait);

            connection.close(); // a close delivers what the non-persistent send left in flight
            List<TextMessage> out = broker.browse("OUT");
            assertEquals(1, out.size());
            assertEquals("sent during the outage", out.get(0).getText());
            assertEquals(DeliveryMode.NON_PERSISTENT, out.get(0).getJMSDeliveryMode(), "the producer's delivery mode is set again");
            assertEquals(7, out.get(0).getJMSPriority(), "the producer's priority is set again");
        }
    }

    @Test
    void aStoppedConnectionStaysStoppedAfterTheReconnect() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("IN"));
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            connection.start();
            connection.stop();
            h.broker.send("IN", "waiting for a start");

            h.broker.crash();
            producer.send(session.createTextMessage("after the reconnect")); // returns once the connection is rebuilt

            assertEquals(Collections.singletonList("after the reconnect"), h.broker.texts("OUT"));
            h.awaitReconnectsOver();
            assertNull(consumer.receiveNoWait(), "the rebuilt connection is not started");
            connection.start();
            assertEquals("waiting for a start", text(consumer.receive(EngineHarness.PATIENCE_MILLIS)));
        }
    }

    @Test
    void aDurableSubscriberGetsWhatWasPublishedWhileTheBrokerWasDown() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            connection.setClientID("prices-app");
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TopicSubscriber subscriber = session.createDurableSubscriber(session.createTopic("PRICES"), "prices");
            connection.start();

            h.broker.stallConnects();
            h.broker.crash();
            h.broker.await("a reconnect attempt", () -> h.broker.stalledConnects() == 1);
            h.broker.publish("PRICES", "published during the outage");
            h.broker.restart();

            // Only the same client ID and subscription name find the subscription that kept the message.
            assertEquals("published during the outage", text(subscriber.receive(EngineHarness.PATIENCE_MILLIS)));
        }
    }

    @Test
    void aSecondFailureDuringTheRebuildEndsWithAWorkingConnectionAndEveryObjectRestored() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250),ExceptionListenerEvents=ALL")) {
            FakeBroker broker = h.broker;
            EngineHarness.Events events = new EngineHarness.Events();
            Connection connection = h.createConnection();
            connection.setClientID("orders-app");
            connection.setExceptionListener(events);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            MessageConsumer consumer = session.createConsumer(session.createQueue("IN"));
            Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            listening.createConsumer(listening.createQueue("EVENTS")).setMessageListener(m -> heard.add(text(m)));
            connection.start();

            broker.failNext("createSession", 1); // the first rebuild breaks half-way
            broker.crash();
            producer.send(session.createTextMessage("after the reconnect"));

            assertEquals(2, h.reconnectAttempts(), "the attempt that broke during the rebuild, then one that worked");
            assertEquals(2, h.time.waits().size(), "each attempt waits its delay");
            assertEquals(1, broker.openConnections(), "the half-built connection is not left open");
            assertEquals(Collections.singletonList("orders-app"), broker.clientIds());
            assertEquals(Collections.singletonList("after the reconnect"), broker.texts("OUT"));
            broker.send("IN", "for the consumer");
            broker.send("EVENTS", "for the listener");
            assertEquals("for the consumer", text(consumer.receive(EngineHarness.PATIENCE_MILLIS)));
            assertEquals("for the listener", heard.poll(EngineHarness.PATIENCE_MILLIS, TimeUnit.MILLISECONDS));
            h.awaitReconnectsOver();
            assertEquals(Arrays.asList("RECONNECTING", "RECONNECTED"), events.codes(),
                    "one outage, one reconnect: the failure inside it is not a second outage");
        }
    }

    @Test
    void aMessageReceivedBeforeTheCrashIsAcknowledgedQuietlyAndDeliveredAgain() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("IN"));
            connection.start();
            h.broker.send("IN", "work");
            Message first = consumer.receive(EngineHarness.PATIENCE_MILLIS);

            h.broker.crash();
            first.acknowledge(); // the dead session cannot acknowledge it; the broker delivers it again instead

            Message again = consumer.receive(EngineHarness.PATIENCE_MILLIS);
            assertEquals("work", text(again));
            assertTrue(again.getJMSRedelivered());
            again.acknowledge();
            connection.close();
            assertEquals(Collections.emptyList(), h.broker.texts("IN"), "acknowledged on the new session");
        }
    }

    @Test
    void receiveNoWaitDuringTheOutageReturnsNullAtOnce() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("IN"));
            connection.start();
            h.broker.send("IN", "kept for later");

            h.broker.stallConnects();
            h.broker.crash();
            assertNull(assertTimeoutPreemptively(Duration.ofSeconds(2), consumer::receiveNoWait));
            h.broker.restart();

            assertEquals("kept for later", text(consumer.receive(EngineHarness.PATIENCE_MILLIS)));
        }
    }

    @Test
    void aSessionClosedDuringTheOutageIsNotRebuilt() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session kept = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = kept.createProducer(kept.createQueue("OUT"));
            Session closing = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            closing.createConsumer(closing.createQueue("IN")).setMessageListener(m -> heard.add(text(m)));
            connection.start();

            h.broker.stallConnects();
            h.broker.crash();
            h.broker.await("a reconnect attempt", () -> h.broker.stalledConnects() == 1);
            assertTimeoutPreemptively(Duration.ofSeconds(2), closing::close, "the close of a dead session returns at once");
            h.broker.restart();
            producer.send(kept.createTextMessage("after the reconnect"));
            h.broker.send("IN", "for nobody");
            h.awaitReconnectsOver();
            h.broker.awaitCallbacks();

            assertEquals(Collections.singletonList("for nobody"), h.broker.texts("IN"), "no consumer of the closed session took it");
            assertTrue(heard.isEmpty());
        }
    }

    @Test
    void withDefReconNoTheApplicationSeesTheFailureAsWithoutTheAgent() throws Exception {
        try (EngineHarness h = EngineHarness.start("DefRecon=NO")) {
            EngineHarness.Events events = new EngineHarness.Events();
            Connection connection = h.createConnection();
            connection.setExceptionListener(events);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));

            h.broker.crash();

            JMSException failure = assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("lost")));
            assertInstanceOf(IOException.class, failure.getCause());
            assertInstanceOf(IOException.class, events.next().getLinkedException(), "the provider's own report");
            assertEquals(0, h.reconnectAttempts());
        }
    }

    @Test
    void aReceiveWhoseReplyWasLostGetsTheMessageAfterTheReconnect() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("IN"));
            connection.start();
            h.broker.send("IN", "work");

            h.broker.failNextAfterApplying("receive", 1); // the broker sent it, the client never got it
            Message received = consumer.receive(EngineHarness.PATIENCE_MILLIS);

            assertEquals("work", text(received));
            assertTrue(received.getJMSRedelivered());
            assertEquals(1, h.reconnectAttempts());
        }
    }

    /**
     * Some providers (Artemis) end a waiting receive with null when the connection fails. The engine asks the
     * connection (a probe) whether it broke, and receives again after the reconnect.
     */
    @Test
    void aReceiveThatTheProviderEndsWithNullOnTheFailureWaitsForTheReconnect() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            h.broker.returnNullFromReceivesOnFailure();
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("IN"));
            connection.start();
            Future<Message> receive = h.inBackground(consumer::receive);
            h.broker.await("the receive to wait", () -> h.broker.receivesWaiting() == 1);

            h.broker.holdCallbacks(); // the receive, not the provider's ExceptionListener, is the first to see the failure
            h.broker.crash();
            h.broker.send("IN", "after the reconnect");

            assertEquals("after the reconnect", text(result(receive)));
            h.broker.releaseCallbacks();
            assertEquals(1, h.reconnectAttempts());
        }
    }

    @Test
    void aRebuiltConnectionThatTheProviderRefusesToStartIsReported() throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            connection.start();
            h.broker.throwNext("start", new JMSException("start refused"));
            h.broker.failNext("send", 1);

            producer.send(session.createTextMessage("made again on the new connection"));
            h.broker.await("the warning that the rebuilt connection is not started",
                    () -> err.toString().contains("refused to start the rebuilt connection again"));
            String warning = err.toString();
            assertTrue(warning.contains("[WARN]") && warning.contains("start refused"), warning);
            assertEquals(Collections.singletonList("made again on the new connection"), h.broker.texts("OUT"));
        } finally {
            System.setErr(originalErr);
        }
    }
}
