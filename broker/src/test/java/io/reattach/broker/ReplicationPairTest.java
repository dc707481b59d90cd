package io.reattach.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;

import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's replication pair without any client reconnect logic: a persistent message stored on the primary is
 * on the backup once the primary is killed, and on the primary again once it is back and has taken over. This is
 * what the agent's fail-over and fail-back tests stand on.
 */
class ReplicationPairTest {

    private static final Duration TAKE_OVER = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void theBackupTakesOverWithThePrimarysMessagesAndHandsThemBack() throws Exception {
        int primaryPort = FreePort.find();
        int backupPort = FreePort.find();
        try (BrokerProcess primary = pairMember(ReplicationPair.Role.PRIMARY, primaryPort, backupPort).start();
             BrokerProcess backup = pairMember(ReplicationPair.Role.BACKUP, backupPort, primaryPort).start()) {
            assertThrows(JMSException.class, () -> new ActiveMQConnectionFactory(backup.url("tcp")).createConnection().close(),
                    "a backup in sync does not accept clients");
            send(primary, "q", "one");

            primary.kill();
            backup.awaitOutput(EmbeddedBroker.ACTIVE_PREFIX + backupPort, TAKE_OVER);
            assertEquals("one", receive(backup, "q"), "the backup has the primary's message");
            send(backup, "q", "two");

            primary.start(); // returns once the primary is active again: the backup has failed back
            backup.awaitOutput(EmbeddedBroker.PASSIVE_PREFIX + backupPort, TAKE_OVER);
            assertEquals("two", receive(primary, "q"), "the primary has what was sent to the backup");
            backup.awaitOutput(EmbeddedBroker.IN_SYNC_PREFIX + backupPort, 2, TAKE_OVER); // a backup again, in sync again
        }
    }

    private BrokerProcess pairMember(ReplicationPair.Role role, int port, int peerPort) {
        String name = role.argument();
        return BrokerProcess.builder().port(port).replication(role, peerPort)
                .dataDir(tmp.resolve(name)).logFile(tmp.resolve(name + ".log")).build();
    }

    private static void send(BrokerProcess broker, String queue, String text) throws JMSException {
        try (Connection c = new ActiveMQConnectionFactory(broker.url("tcp")).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            p.send(s.createTextMessage(text));
        }
    }

    private static String receive(BrokerProcess broker, String queue) throws JMSException {
        try (Connection c = new ActiveMQConnectionFactory(broker.url("tcp")).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            c.start();
            TextMessage m = (TextMessage) s.createConsumer(s.createQueue(queue)).receive(10_000);
            assertNotNull(m, "no message on " + broker);
            return m.getText();
        }
    }
}
