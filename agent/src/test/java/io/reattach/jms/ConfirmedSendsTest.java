package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;

import javax.jms.Connection;
import javax.jms.JMSException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.reattach.jms.fake.FakeBroker;

/** Which provider's sends the agent confirms with a listener of its own, and which send it makes then. */
class ConfirmedSendsTest {

    private final FakeBroker broker = new FakeBroker();
    private final Connection fakeConnection;
    private final ConfirmedSends sends;

    ConfirmedSendsTest() throws JMSException {
        fakeConnection = broker.connectionFactory().createConnection();
        sends = new ConfirmedSends(JmsApi.of(fakeConnection));
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    @Test
    void onlyRabbitMqsSendsReturnBeforeTheBrokerHasTheMessage() {
        assertEquals(SendConfirmation.ON_RETURN, SendConfirmation.of(fakeConnection));
        // The provider is known by its connection's package: a class in the RabbitMQ JMS client's stands for it.
        assertEquals(SendConfirmation.ON_COMPLETION, SendConfirmation.of(new com.rabbitmq.jms.client.RMQConnectionStandIn()));
        assertTrue(SendConfirmation.ON_RETURN.onReturn());
        assertFalse(SendConfirmation.ON_COMPLETION.onReturn());
        assertFalse(SendConfirmation.ON_RETURN.onCompletion(false), "the ActiveMQ family completes a non-persistent send when handed over");
        assertTrue(SendConfirmation.ON_COMPLETION.onCompletion(false), "a publisher confirm is the broker's, for either mode");
    }

    @Test
    void aPlainSendBecomesTheMessageProducerSendWithAListener() throws Exception {
        Class<?> listener = javax.jms.CompletionListener.class;
        assertEquals(javax.jms.MessageProducer.class.getMethod("send", javax.jms.Message.class, listener),
                sends.variantOf(javax.jms.MessageProducer.class.getMethod("send", javax.jms.Message.class)));
        assertEquals(javax.jms.MessageProducer.class.getMethod("send", javax.jms.Destination.class, javax.jms.Message.class,
                        int.class, int.class, long.class, listener),
                sends.variantOf(javax.jms.MessageProducer.class.getMethod("send", javax.jms.Destination.class,
                        javax.jms.Message.class, int.class, int.class, long.class)));
    }

    @Test
    void queueSenderAndTopicPublisherMethodsMapToTheDestinationOnes() throws Exception {
        Method expected = javax.jms.MessageProducer.class.getMethod("send", javax.jms.Destination.class, javax.jms.Message.class,
                javax.jms.CompletionListener.class);
        assertEquals(expected, sends.variantOf(javax.jms.QueueSender.class.getMethod("send", javax.jms.Queue.class, javax.jms.Message.class)));
        assertEquals(expected, sends.variantOf(javax.jms.TopicPublisher.class.getMethod("publish", javax.jms.Topic.class, javax.jms.Message.class)));
    }

    @Test
    void aJmsProducerHasNoSuchVariant() throws Exception {
        assertNull(sends.variantOf(javax.jms.JMSProducer.class.getMethod("send", javax.jms.Destination.class, String.class)));
    }
}
