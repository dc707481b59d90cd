package io.reattach.jms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.jms.CompletionListener;
import javax.jms.Connection;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageProducer;
import javax.jms.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.reattach.jms.EngineHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * JMS 2.0 asynchronous sends: the application's CompletionListener is called exactly once per send, whatever the
 * number of attempts the send took. The fake confirms such a send at the next round trip on its connection.
 */
@Timeout(10)
class CompletionListenerTest {

    @Test
    void aCompletionListenerIsCalledOncePerSendThroughACrash() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Completions completions = new Completions();
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            for (String text : Arrays.asList("1", "2", "3")) {
                producer.send(session.createTextMessage(text), completions);
            }

            h.broker.crash(); // lost in flight: the provider tells each send's listener
            producer.send(session.createTextMessage("4, synchronous: confirms the others"));
            h.awaitReconnectsOver();
            h.broker.awaitCallbacks();

            assertEquals(Arrays.asList("1", "2", "3", "4, synchronous: confirms the others"), h.broker.texts("OUT"));
            assertEquals(Arrays.asList("onCompletion 1", "onCompletion 2", "onCompletion 3"), completions.calls());
        }
    }

    @Test
    void aSendInterruptedByTheFailureIsCompletedOnce() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Completions completions = new Completions();
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));

            h.broker.failNext("send", 1);
            producer.send(session.createTextMessage("1"), completions); // returns once sent on the new connection
            h.broker.settle();
            h.awaitReconnectsOver();
            h.broker.awaitCallbacks();

            assertEquals(Arrays.asList("1"), h.broker.texts("OUT"));
            assertEquals(Arrays.asList("onCompletion 1"), completions.calls());
        }
    }

    @Test
    void whenThePolicyGivesUpEachPendingSendGetsOneOnException() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250),ReconnectAttempts=1")) {
            Completions completions = new Completions();
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.send(session.createTextMessage("1"), completions);
            producer.send(session.createTextMessage("2"), completions);

            h.broker.stayDown();
            h.broker.crash();
            assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("3")));
            h.awaitReconnectsOver();
            h.broker.awaitCallbacks();

            assertEquals(Arrays.asList("onException 1", "onException 2"), completions.calls());
            for (Exception e : completions.failures()) {
                assertInstanceOf(IOException.class, e.getCause(), "the connection's failure: " + e);
            }
        }
    }

    /**
     * The provider reports the crash to a send's CompletionListener late, after the engine has reconnected and replayed
     * that send on the new connection. That report is about the dead connection: it must not start a second reconnect,
     * nor send the message a second time.
     */
    @Test
    void aLateFailureReportAboutTheDeadConnectionStartsNoSecondReconnect() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250),ExceptionListenerEvents=ALL")) {
            Completions completions = new Completions();
            EngineHarness.Events events = new EngineHarness.Events();
            Connection connection = h.createConnection();
            connection.setExceptionListener(events);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.send(session.createTextMessage("1"), completions);

            h.broker.holdCallbacks();
            h.broker.crash();
            producer.send(session.createTextMessage("2")); // after the reconnect and the replay of 1
            h.awaitReconnectsOver();
            h.broker.releaseCallbacks();
            h.broker.awaitCallbacks();
            h.awaitReconnectsOver();
            producer.send(session.createTextMessage("3"));
            h.broker.awaitCallbacks();

            assertEquals(Arrays.asList("RECONNECTING", "RECONNECTED"), events.codes());
            assertEquals(1, h.reconnectAttempts());
            assertEquals(Arrays.asList("1", "2", "3"), h.broker.texts("OUT"));
            assertEquals(Arrays.asList("onCompletion 1"), completions.calls());
        }
    }

    /** The application's CompletionListener: every call, in order. */
    private static final class Completions implements CompletionListener {
        private final List<String> calls = new ArrayList<>();
        private final List<Exception> failures = new ArrayList<>();

        @Override
        public synchronized void onCompletion(Message message) {
            calls.add("onCompletion " + text(message));
        }

        @Override
        public synchronized void onException(Message message, Exception exception) {
            calls.add("onException " + text(message));
            failures.add(exception);
        }

        synchronized List<String> calls() {
            return new ArrayList<>(calls);
        }

        synchronized List<Exception> failures() {
            return new ArrayList<>(failures);
        }
    }

    @Test
    void aCloseDuringTheOutageFailsEachPendingSendOnce() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)")) {
            Completions completions = new Completions();
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.send(session.createTextMessage("1"), completions);
            producer.send(session.createTextMessage("2"), completions);

            h.broker.stallConnects();
            h.broker.crash();
            h.broker.await("a reconnect attempt", () -> h.broker.stalledConnects() == 1);
            connection.close();
            h.awaitReconnectsOver();
            h.broker.awaitCallbacks();

            assertEquals(Arrays.asList("onException 1", "onException 2"), completions.calls());
        }
    }
}
