package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.rabbitmq.jms.admin.RMQDestination;
import com.rabbitmq.jms.client.RMQConnection;
import com.rabbitmq.jms.client.RmqJmsContext;

/**
 * A RabbitMQ connection's rebuild has the client declare the application's destinations again: the broker that comes
 * back may have lost a queue's binding (sends to it are then dropped) or the queue itself.
 */
class RabbitMqDestinationsTest {

    /** A provider session whose producers and consumers name a destination. */
    public static final class Session {
        public Object createProducer(Object destination) {
            return new Object();
        }

        public Object createConsumer(Object destination) {
            return new Object();
        }

        public void setSomething(Object value) {
        }
    }

    @Test
    void theDestinationsThatTheOpenObjectsNameAreDeclaredAgain() throws Exception {
        ObjectNode root = new ObjectNode(Role.CONNECTION, null, new Recipe(null, null), new RMQConnection(), 0);
        ObjectNode session = root.adopt(Role.SESSION, new Recipe(Object.class.getMethod("toString"), null), new Session());
        RMQDestination queue = new RMQDestination();
        RMQDestination ofClosed = new RMQDestination();
        RMQDestination inSetter = new RMQDestination();
        ObjectNode producer = session.adopt(Role.PRODUCER, new Recipe(Session.class.getMethod("createProducer", Object.class),
                new Object[]{queue}), new Object());
        producer.recipe.record(Session.class.getMethod("setSomething", Object.class), new Object[]{inSetter});
        ObjectNode closed = session.adopt(Role.PRODUCER, new Recipe(Session.class.getMethod("createProducer", Object.class),
                new Object[]{ofClosed}), new Object());
        closed.markClosed();

        assertTrue(RabbitMqDestinations.applies(new RMQConnection()));
        RabbitMqDestinations.declareAgainBelow(root);

        assertFalse(queue.isDeclared(), "the producer's destination keeps its mark: the client would not declare it");
        assertFalse(inSetter.isDeclared(), "a destination a setter named keeps its mark");
        assertTrue(ofClosed.isDeclared(), "a closed object is not rebuilt: its destination is left alone");
    }

    @Test
    void aReplayedSendsOwnDestinationIsDeclaredAgainAndOtherArgumentsAreLeftAlone() {
        RMQDestination destination = new RMQDestination();
        RabbitMqDestinations.declareAgain(new Object[]{destination, "a message", null});
        assertFalse(destination.isDeclared());
    }

    @Test
    void aTemporaryDestinationIsLeftAlone() {
        RMQDestination temporary = new RMQDestination(true);
        RabbitMqDestinations.declareAgain(new Object[]{temporary});
        assertTrue(temporary.isDeclared(), "exclusive to the dead connection: declaring it on another is refused");
    }

    @Test
    void aContextsTreeHasItsDestinationsDeclaredAgainToo() throws Exception {
        ObjectNode root = new ObjectNode(Role.CONTEXT, null, new Recipe(null, null), new RmqJmsContext(), 0);
        RMQDestination queue = new RMQDestination();
        root.adopt(Role.CONSUMER, new Recipe(Session.class.getMethod("createConsumer", Object.class), new Object[]{queue}),
                new Object());

        assertTrue(RabbitMqDestinations.applies(root.delegate()),
                "a JMSContext's provider object is no RMQConnection, but its destinations need declaring again as well");
        RabbitMqDestinations.declareAgainBelow(root);
        assertFalse(queue.isDeclared(), "the context's consumer's destination keeps its mark: the client would not declare it");
    }

    @Test
    void aDestinationNamedOnlyInSendsIsDeclaredAgainByItsFirstSendOnEachNewConnection() {
        RabbitMqDestinations.SentTo sentTo = new RabbitMqDestinations.SentTo();
        RMQDestination queue = new RMQDestination();

        sentTo.beforeSend(new Object[]{queue, "a message"}, 0);
        assertTrue(queue.isDeclared(), "on the first connection the client declared it itself");

        sentTo.beforeSend(new Object[]{queue, "a message"}, 1);
        assertFalse(queue.isDeclared(), "the first send on the next connection has the client declare it again");
        queue.setDeclared(true); // as the client does when it declares it
        sentTo.beforeSend(new Object[]{queue, "another"}, 1);
        assertTrue(queue.isDeclared(), "once per connection: the next sends cost no declaration");

        sentTo.beforeSend(new Object[]{queue, "after the second reconnect"}, 2);
        assertFalse(queue.isDeclared());

        RMQDestination temporary = new RMQDestination(true);
        sentTo.beforeSend(new Object[]{temporary, "a reply"}, 3);
        assertTrue(temporary.isDeclared(), "a temporary destination is left to TemporaryDestinations");
    }

    @Test
    void otherProvidersConnectionsAreLeftAlone() {
        assertFalse(RabbitMqDestinations.applies(new Object()));
        assertFalse(RabbitMqDestinations.applies(null));
    }
}
