package com.rabbitmq.jms.client;

/** Stands for the RabbitMQ JMS client's connection: the agent knows it by its class name. */
public class RMQConnection {
}
