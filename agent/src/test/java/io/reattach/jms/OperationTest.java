package io.reattach.jms;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the engine reads JMS methods of both namespaces. */
class OperationTest {

    @Test
    void sendsReceivesAndTransactions() throws Exception {
        assertEquals(Operation.SEND, Operation.of(javax.jms.MessageProducer.class.getMethod("send", javax.jms.Message.class)));
        assertEquals(Operation.SEND, Operation.of(javax.jms.TopicPublisher.class.getMethod("publish", javax.jms.Message.class)));
        assertEquals(Operation.SEND, Operation.of(jakarta.jms.JMSProducer.class.getMethod("send", jakarta.jms.Destination.class, String.class)));
        assertEquals(Operation.RECEIVE, Operation.of(javax.jms.MessageConsumer.class.getMethod("receive")));
        assertEquals(Operation.RECEIVE_TIMED, Operation.of(javax.jms.MessageConsumer.class.getMethod("receive", long.class)));
        assertEquals(Operation.RECEIVE_NO_WAIT, Operation.of(javax.jms.MessageConsumer.class.getMethod("receiveNoWait")));
        assertEquals(Operation.RECEIVE, Operation.of(jakarta.jms.JMSConsumer.class.getMethod("receiveBody", Class.class)));
        assertEquals(Operation.RECEIVE_TIMED, Operation.of(jakarta.jms.JMSConsumer.class.getMethod("receiveBody", Class.class, long.class)));
        assertEquals(Operation.COMMIT, Operation.of(javax.jms.Session.class.getMethod("commit")));
        assertEquals(Operation.ROLLBACK, Operation.of(jakarta.jms.JMSContext.class.getMethod("rollback")));
    }

    @Test
    void objectsTheEngineRebuilds() throws Exception {
        assertEquals(Operation.CREATE_MANAGED, Operation.of(javax.jms.Connection.class.getMethod("createSession", boolean.class, int.class)));
        assertEquals(Operation.CREATE_MANAGED, Operation.of(javax.jms.QueueConnection.class.getMethod("createQueueSession", boolean.class, int.class)));
        assertEquals(Operation.CREATE_MANAGED, Operation.of(javax.jms.Session.class.getMethod("createConsumer", javax.jms.Destination.class, String.class)));
        assertEquals(Operation.CREATE_MANAGED, Operation.of(javax.jms.Session.class.getMethod("createDurableSubscriber", javax.jms.Topic.class, String.class)));
        assertEquals(Operation.CREATE_MANAGED, Operation.of(javax.jms.Session.class.getMethod("createBrowser", javax.jms.Queue.class)));
        assertEquals(Operation.CREATE_MANAGED, Operation.of(jakarta.jms.JMSContext.class.getMethod("createProducer")));
        assertEquals(Operation.CREATE_MANAGED, Operation.of(jakarta.jms.JMSContext.class.getMethod("createContext", int.class)));
        assertEquals(Operation.CREATE_MANAGED, Operation.of(jakarta.jms.JMSContext.class.getMethod("createSharedDurableConsumer", jakarta.jms.Topic.class, String.class)));
    }

    @Test
    void valuesAreNotManaged() throws Exception {
        assertEquals(Operation.OTHER, Operation.of(javax.jms.Session.class.getMethod("createTextMessage", String.class)));
        assertEquals(Operation.OTHER, Operation.of(javax.jms.Session.class.getMethod("createQueue", String.class)));
        assertEquals(Operation.CREATE_TEMPORARY, Operation.of(javax.jms.Session.class.getMethod("createTemporaryQueue")));
        assertEquals(Operation.CREATE_TEMPORARY, Operation.of(jakarta.jms.JMSContext.class.getMethod("createTemporaryTopic")));
        assertEquals(Operation.OTHER, Operation.of(javax.jms.Connection.class.getMethod("getClientID")));
    }

    @Test
    void settersAreReplayedAndListenersKeptAside() throws Exception {
        assertEquals(Operation.SETTER, Operation.of(javax.jms.Connection.class.getMethod("setClientID", String.class)));
        assertEquals(Operation.SETTER, Operation.of(javax.jms.MessageProducer.class.getMethod("setDeliveryMode", int.class)));
        assertEquals(Operation.SETTER, Operation.of(jakarta.jms.JMSProducer.class.getMethod("setProperty", String.class, int.class)));
        assertEquals(Operation.SETTER, Operation.of(jakarta.jms.JMSContext.class.getMethod("setAutoStart", boolean.class)));
        assertEquals(Operation.CLEAR_PROPERTIES, Operation.of(jakarta.jms.JMSProducer.class.getMethod("clearProperties")));
        assertEquals(Operation.SET_EXCEPTION_LISTENER, Operation.of(javax.jms.Connection.class.getMethod("setExceptionListener", javax.jms.ExceptionListener.class)));
        assertEquals(Operation.SET_MESSAGE_LISTENER, Operation.of(javax.jms.MessageConsumer.class.getMethod("setMessageListener", javax.jms.MessageListener.class)));
        assertEquals(Operation.CLOSE, Operation.of(javax.jms.Connection.class.getMethod("close")));
        assertEquals(Operation.START, Operation.of(javax.jms.Connection.class.getMethod("start")));
        assertEquals(Operation.OBJECT, Operation.of(Object.class.getMethod("hashCode")));
    }
}
