package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;

/** Which provider's sends the agent confirms with a listener of its own, and which send it makes then. */
class ConfirmedSendsTest {

    private final JmsApi javax = JmsApi.of(new FakeProvider().connect());
    private final ConfirmedSends sends = new ConfirmedSends(javax);

    @Test
    void onlyRabbitMqsSendsReturnBeforeTheBrokerHasTheMessage() {
        assertEquals(SendConfirmation.ON_RETURN, SendConfirmation.of(new FakeProvider().connect()));
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
