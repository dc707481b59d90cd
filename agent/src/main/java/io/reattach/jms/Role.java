package io.reattach.jms;

/**
 * What a managed object is, decided once from the JMS interface that created it (never by comparing names at each
 * call). The role says how the engine treats the object: whether it holds a transaction, whether it is rebuilt with
 * the tree or on use.
 */
enum Role {
    CONNECTION, CONTEXT, SESSION, PRODUCER, JMS_PRODUCER, CONSUMER, BROWSER;

    /** The role of an object of this JMS type (a method's return type), or null when the engine does not manage it. */
    static Role of(Class<?> jmsType) {
        if (!Operation.isJms(jmsType)) {
            return null;
        }
        switch (jmsType.getSimpleName()) {
            case "Connection":
            case "QueueConnection":
            case "TopicConnection":
                return CONNECTION;
            case "JMSContext":
                return CONTEXT;
            case "Session":
            case "QueueSession":
            case "TopicSession":
                return SESSION;
            case "MessageProducer":
            case "QueueSender":
            case "TopicPublisher":
                return PRODUCER;
            case "JMSProducer":
                return JMS_PRODUCER;
            case "MessageConsumer":
            case "QueueReceiver":
            case "TopicSubscriber":
            case "JMSConsumer":
                return CONSUMER;
            case "QueueBrowser":
                return BROWSER;
            default:
                return null;
        }
    }

    /** A session or a context: it owns a transaction and an acknowledge mode. */
    boolean isSession() {
        return this == SESSION || this == CONTEXT;
    }

    /**
     * Rebuilt with the tree at a reconnect. JMSProducers are created for nearly every send and never closed: they are
     * rebuilt on use instead, and not kept as children.
     */
    boolean tracked() {
        return this != JMS_PRODUCER;
    }
}
