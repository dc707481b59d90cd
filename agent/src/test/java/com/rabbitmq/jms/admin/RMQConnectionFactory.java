package com.rabbitmq.jms.admin;

import java.util.function.Consumer;

/**
 * Stand-in for the RabbitMQ JMS client's factory, as far as the agent's heartbeat tuning touches it: the hook it calls
 * on the amqp-client {@code ConnectionFactory} it builds for each connection (field and setter as in 2.x and 3.x).
 */
public class RMQConnectionFactory {

    private Consumer<AmqpFactory> amqpConnectionFactoryPostProcessor;

    public void setAmqpConnectionFactoryPostProcessor(Consumer<AmqpFactory> hook) {
        this.amqpConnectionFactoryPostProcessor = hook;
    }

    /** What a connection of the real factory does first: a new amqp-client factory, passed through the hook. */
    public AmqpFactory amqpFactoryForAConnection() {
        AmqpFactory f = new AmqpFactory();
        if (amqpConnectionFactoryPostProcessor != null) {
            amqpConnectionFactoryPostProcessor.accept(f);
        }
        return f;
    }

    /** Stand-in for {@code com.rabbitmq.client.ConnectionFactory}: its requested heartbeat, 60 s by default. */
    public static class AmqpFactory {
        private int requestedHeartbeat = 60;

        public int getRequestedHeartbeat() {
            return requestedHeartbeat;
        }

        public void setRequestedHeartbeat(int seconds) {
            requestedHeartbeat = seconds;
        }
    }
}
