package io.reattach.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.jms.Connection;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.Session;

import io.reattach.demo.app.LegacyOrderApp;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** After a run: takes what is left in the application's queue, to tell "still on the broker" from "lost". */
final class QueueCheck {

    private QueueCheck() {
    }

    /** Order → the JMSMessageIDs of the messages for it that were still in the queue; it is empty afterwards. */
    static Map<Integer, List<String>> drain(String url, String queue) throws JMSException {
        Map<Integer, List<String>> found = new TreeMap<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            long timeout = 1000; // the first one: the broker may have just started
            for (Message m; (m = consumer.receive(timeout)) != null; timeout = 250) {
                found.computeIfAbsent(m.getIntProperty(LegacyOrderApp.ORDER_PROPERTY), k -> new ArrayList<>())
                        .add(m.getJMSMessageID());
            }
        }
        return found;
    }
}
