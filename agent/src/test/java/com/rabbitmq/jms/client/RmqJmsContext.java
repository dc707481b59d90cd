package com.rabbitmq.jms.client;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stands for the RabbitMQ JMS client's {@code JMSContext}: the agent knows it by its class name, and reaches the
 * fields {@code RabbitMqContexts} reads.
 */
public class RmqJmsContext {
    private final Lock sessionLock = new ReentrantLock();
    private final Object connection = new RMQConnection();
    private Object session;
}
