package io.reattach.it.app;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.DeliveryMode;
import javax.jms.ExceptionListener;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TemporaryQueue;
import javax.jms.TemporaryTopic;
import javax.jms.TextMessage;

/**
 * The {@code reply} mode (agent-it {@code TemporaryDestinationsIT}): request/reply over a temporary reply queue, as
 * legacy services, Camel and Spring do it, with no reconnect code.
 *
 * <p>A responder on its own connection takes requests from {@code --destination} and answers each to its
 * {@code JMSReplyTo}. The requester creates, once, a temporary queue for the replies and a temporary topic for notes
 * (consumed on a second session of the same connection). For each of {@code --count} requests it first publishes a
 * note to the temporary topic, odd ones with an anonymous producer ({@code send(topic, message)}), even ones with a
 * producer created on the topic ({@code NOTE-SENT n}), then sends the request, persistent,
 * with {@code setJMSReplyTo} naming the temporary queue ({@code SENT n}), and waits up to {@code --reply-timeout-ms}
 * for the reply. A reply that does not come in time is asked for again with the same request ({@code REPLY-TIMEOUT n}):
 * a temporary queue, and what was on its way to it, does not outlive its broker, so the one exchange in flight when
 * the broker dies can lose its reply. A late reply to an earlier attempt is skipped ({@code REPLY-STALE n}).
 *
 * <pre>
 * NOTE-SENT n / NOTE-RECEIVED n    the temporary topic
 * SENT n / REPLY n / REPLY-TIMEOUT n / REPLY-STALE n
 * TEMP-DELETE ok|threw CLASS MSG   at the end, the reply queue's consumer closed and the queue deleted
 * DONE sent=.. received=.. duplicates=0 missing=.. timeouts=..
 * </pre>
 */
final class RequestReply {

    private final Options options;
    private final ConnectionFactory factory;
    private final List<AutoCloseable> toClose;
    private final Function<String, ExceptionListener> listeners;

    RequestReply(Options options, ConnectionFactory factory, List<AutoCloseable> toClose, Function<String, ExceptionListener> listeners) {
        this.options = options;
        this.factory = factory;
        this.toClose = toClose;
        this.listeners = listeners;
    }

    int run() throws Exception {
        startResponder();

        Connection connection = factory.createConnection();
        toClose.add(connection);
        connection.setExceptionListener(listeners.apply("requester"));
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue replyQueue = session.createTemporaryQueue();
        MessageConsumer replies = session.createConsumer(replyQueue);
        MessageProducer requests = session.createProducer(session.createQueue(options.destination));
        requests.setDeliveryMode(DeliveryMode.PERSISTENT);

        TemporaryTopic notes = session.createTemporaryTopic();
        Set<Integer> notesReceived = ConcurrentHashMap.newKeySet();
        Session noteSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        noteSession.createConsumer(notes).setMessageListener(m -> {
            int seq = seqOf(m);
            notesReceived.add(seq);
            LegacyApp.out("NOTE-RECEIVED " + seq);
        });
        MessageProducer anonymous = session.createProducer(null);
        MessageProducer toNotes = session.createProducer(notes); // rebuilt on the new connection's topic
        connection.start();
        LegacyApp.out("READY");

        int timeouts = 0;
        int replied = 0;
        for (int seq = 1; seq <= options.count; seq++) {
            if (seq % 2 == 1) {
                anonymous.send(notes, text(session, "note-" + seq, seq));
            } else {
                toNotes.send(text(session, "note-" + seq, seq));
            }
            LegacyApp.out("NOTE-SENT " + seq);
            while (!exchange(session, requests, replies, replyQueue, seq)) {
                timeouts++;
            }
            replied++;
            if (options.intervalMillis > 0) {
                Thread.sleep(options.intervalMillis);
            }
        }
        long deadline = System.currentTimeMillis() + options.drainMillis;
        while (notesReceived.size() < options.count && System.currentTimeMillis() < deadline) {
            Thread.sleep(20); // the last notes may still be on their way to the listener
        }
        replies.close();
        try {
            replyQueue.delete(); // the application's object: after a reconnect it belongs to a dead connection
            LegacyApp.out("TEMP-DELETE ok");
        } catch (JMSException e) {
            LegacyApp.out("TEMP-DELETE threw " + e.getClass().getName() + " " + LegacyApp.oneLine(e));
        }
        int missing = options.count - replied;
        LegacyApp.out("DONE sent=" + options.count + " received=" + replied + " duplicates=0 missing=" + missing
                + " timeouts=" + timeouts + " notes=" + notesReceived.size());
        return missing == 0 ? LegacyApp.OK : LegacyApp.INCOMPLETE;
    }

    /** One request and its reply; false when the reply did not come in time. */
    private boolean exchange(Session session, MessageProducer requests, MessageConsumer replies, TemporaryQueue replyQueue, int seq)
            throws JMSException {
        TextMessage request = text(session, "request-" + seq, seq);
        request.setJMSReplyTo(replyQueue);
        requests.send(request);
        LegacyApp.out("SENT " + seq);
        long deadline = System.currentTimeMillis() + options.replyTimeoutMillis;
        for (long left = options.replyTimeoutMillis; left > 0; left = deadline - System.currentTimeMillis()) {
            Message reply = replies.receive(left);
            if (reply == null) {
                break;
            }
            if (seqOf(reply) == seq) {
                LegacyApp.out("REPLY " + seq);
                return true;
            }
            LegacyApp.out("REPLY-STALE " + seqOf(reply));
        }
        LegacyApp.out("REPLY-TIMEOUT " + seq);
        return false;
    }

    /** Answers every request on its JMSReplyTo, from a connection of its own. */
    private void startResponder() throws JMSException {
        Connection connection = factory.createConnection();
        toClose.add(connection);
        connection.setExceptionListener(listeners.apply("responder"));
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer answers = session.createProducer(null);
        session.createConsumer(session.createQueue(options.destination)).setMessageListener(request -> {
            try {
                int seq = seqOf(request);
                answers.send(request.getJMSReplyTo(), text(session, "reply-" + seq, seq));
            } catch (JMSException e) {
                LegacyApp.out("RESPONDER-EXCEPTION " + e.getClass().getName() + " " + LegacyApp.oneLine(e));
            }
        });
        connection.start();
    }

    private static TextMessage text(Session session, String text, int seq) throws JMSException {
        TextMessage m = session.createTextMessage(text);
        m.setIntProperty("seq", seq);
        return m;
    }

    private static int seqOf(Message m) {
        try {
            return m.getIntProperty("seq");
        } catch (JMSException e) {
            return -1;
        }
    }
}
