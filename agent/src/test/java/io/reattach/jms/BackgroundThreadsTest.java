package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.jms.CompletionListener;
import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.Message;
import javax.jms.MessageProducer;
import javax.jms.Session;

import org.junit.jupiter.api.Test;

import io.reattach.jms.fake.ThreadPeak;

/**
 * Background work runs on bounded threads: however many dead provider objects are closed or ambiguous send
 * failures probed at once, the engine never runs more than {@link Background#MAX_THREADS} threads of its own.
 */
class BackgroundThreadsTest {

    @Test
    void aThousandConnectionsClosedDuringAnOutageUseABoundedNumberOfThreads() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)"); ThreadPeak threads = new ThreadPeak()) {
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                Connection c = h.createConnection();
                c.start(); // the agent's listener goes on with the first call
                connections.add(c);
            }
            h.broker.stallConnects(); // every reconnect attempt hangs: each reconnect would hold a thread
            h.broker.crash();
            for (Connection c : connections) {
                c.close();
            }
            h.awaitReconnectsOver();
            assertTrue(threads.peak() > 0, "the outage ran on the engine's threads");
            assertTrue(threads.peak() <= Background.MAX_THREADS, "at most " + Background.MAX_THREADS + " threads, saw " + threads.peak());
            assertEquals(0, h.broker.openConnections(), "every connection closed");
        }
    }

    @Test
    void aThousandSendFailuresThatSayNeitherAreProbedOnABoundedNumberOfThreads() throws Exception {
        try (EngineHarness h = EngineHarness.start("ReconDelay=(1000,250)"); ThreadPeak threads = new ThreadPeak()) {
            h.broker.reportSendFailuresWithoutCause();
            Connection connection = h.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            AtomicInteger completed = new AtomicInteger();
            CompletionListener listener = new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    completed.incrementAndGet();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    completed.incrementAndGet();
                }
            };
            for (int i = 0; i < 1000; i++) {
                producer.send(session.createTextMessage(Integer.toString(i)), listener); // in flight until a round trip
            }
            h.broker.crash(); // 1000 bare "send failed" reports: each one is probed in the background
            producer.send(session.createTextMessage("after the reconnect")); // waits for the reconnect
            h.broker.awaitCallbacks();
            h.awaitReconnectsOver();
            h.broker.settle();
            h.broker.await("every send confirmed", () -> completed.get() == 1000);
            assertTrue(threads.peak() > 0, "the probes ran on the engine's threads");
            assertTrue(threads.peak() <= Background.MAX_THREADS, "at most " + Background.MAX_THREADS + " threads, saw " + threads.peak());
            assertEquals(1001, h.broker.texts("OUT").size(), "each send once: the probes found the connection broken and kept them");
        }
    }
}
