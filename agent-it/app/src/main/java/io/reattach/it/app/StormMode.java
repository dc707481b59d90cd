package io.reattach.it.app;

import java.util.List;
import java.util.function.Function;

import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.DeliveryMode;
import javax.jms.ExceptionListener;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;

/**
 * The {@code storm} mode (agent-it {@code ReconnectStormIT}, {@code ReconnectStormBenchmark}): one JVM of many that
 * lose their broker at once. It opens {@code --connections} connections, each with a session and a listener consumer
 * of {@code --destination}, and an ExceptionListener named {@code c1}, {@code c2}, ... (with the agent's
 * {@code ExceptionListenerEvents=RECONNECTED}, one {@code EVENT RECONNECTED} line per connection back); then a
 * producer connection sends {@code --count} persistent messages, one every {@code --interval-ms}, which the consumers
 * share. When every message arrived (or none came for {@code --drain-ms}) it prints {@code DONE} and, with
 * {@code --hold}, keeps its connections until the line {@code finish} on standard input.
 */
final class StormMode {

    private final Options options;
    private final ConnectionFactory factory;
    private final List<AutoCloseable> toClose;
    private final Tracker tracker;
    private final Function<String, ExceptionListener> listeners;

    StormMode(Options options, ConnectionFactory factory, List<AutoCloseable> toClose, Tracker tracker,
              Function<String, ExceptionListener> listeners) {
        this.options = options;
        this.factory = factory;
        this.toClose = toClose;
        this.tracker = tracker;
        this.listeners = listeners;
    }

    int run() throws Exception {
        for (int i = 1; i <= options.connections; i++) {
            Connection c = factory.createConnection();
            toClose.add(c);
            c.setExceptionListener(listeners.apply("c" + i));
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createConsumer(s.createQueue(options.destination)).setMessageListener(tracker::onMessage);
            c.start();
        }
        Connection producerConnection = factory.createConnection();
        toClose.add(producerConnection);
        producerConnection.setExceptionListener(listeners.apply("producer"));
        Session session = producerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue(options.destination);
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        LegacyApp.out("READY connections=" + options.connections);
        for (int seq = 1; seq <= options.count; seq++) {
            TextMessage m = session.createTextMessage("m-" + seq);
            m.setIntProperty("seq", seq);
            producer.send(m);
            tracker.sent(seq);
            LegacyApp.out("SENT " + seq);
            Thread.sleep(options.intervalMillis);
        }
        tracker.awaitAll(options.drainMillis);
        int missing = tracker.missing().size();
        LegacyApp.out("DONE sent=" + tracker.sentCount() + " received=" + tracker.receivedCount() + " duplicates="
                + tracker.duplicates() + " missing=" + missing);
        if (options.hold) {
            LegacyApp.awaitCommand("finish", options.maxRuntimeSeconds);
        }
        return missing == 0 ? LegacyApp.OK : LegacyApp.INCOMPLETE;
    }
}
