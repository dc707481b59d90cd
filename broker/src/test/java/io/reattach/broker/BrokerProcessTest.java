package io.reattach.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;
import javax.jms.Topic;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerProcessTest {

    @TempDir
    Path tmp;

    @Test
    void persistentMessagesAndDurableSubscriptionsSurviveKillMinus9() throws Exception {
        try (BrokerProcess broker = BrokerProcess.builder().dataDir(tmp.resolve("data")).build().start()) {
            assertTrue(broker.isRunning());
            ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(broker.url("tcp"));
            try (Connection c = cf.createConnection()) {
                c.setClientID("cid");
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue queue = s.createQueue("q");
                Topic topic = s.createTopic("t");
                s.createDurableSubscriber(topic, "sub").close();
                MessageProducer p = s.createProducer(null);
                p.setDeliveryMode(DeliveryMode.PERSISTENT);
                p.send(queue, s.createTextMessage("to the queue"));
                p.send(topic, s.createTextMessage("to the topic"));
            }
            long pid = broker.pid();
            broker.kill();
            assertFalse(broker.isRunning());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

            broker.start();
            assertEquals(2, broker.starts());
            try (Connection c = cf.createConnection()) {
                c.setClientID("cid");
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer q = s.createConsumer(s.createQueue("q"));
                TextMessage m = (TextMessage) q.receive(5000);
                assertNotNull(m, "the persistent queue message was lost");
                assertEquals("to the queue", m.getText());
                MessageConsumer d = s.createDurableSubscriber(s.createTopic("t"), "sub");
                m = (TextMessage) d.receive(5000);
                assertNotNull(m, "the durable subscription's message was lost");
                assertEquals("to the topic", m.getText());
            }
            String log = Files.readString(broker.logFile());
            assertTrue(log.contains("=== start #2"), log);
        }
    }

    @Test
    void closeStopsTheBrokerAndTheClientSeesItGone() throws Exception {
        BrokerProcess broker = BrokerProcess.builder().dataDir(tmp.resolve("data")).build().start();
        long pid = broker.pid();
        broker.close();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(broker.url("tcp"));
        assertThrows(JMSException.class, () -> cf.createConnection().close());
    }

    @Test
    void aBrokerThatCannotStartFailsWithItsLog() {
        BrokerProcess broker = BrokerProcess.builder()
                .dataDir(tmp.resolve("data"))
                .jvmArgs("-Dnothing")
                .classpath(tmp.toString()) // no classes: the JVM exits at once
                .startTimeout(Duration.ofSeconds(20))
                .build();
        IllegalStateException e = assertThrows(IllegalStateException.class, broker::start);
        assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
        assertTrue(e.getMessage().contains("EmbeddedBroker"), e.getMessage());
        assertFalse(broker.isRunning());
    }
}
