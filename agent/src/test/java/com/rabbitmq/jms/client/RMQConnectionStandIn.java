package com.rabbitmq.jms.client;

/** A class in the RabbitMQ JMS client's package, which is all the agent looks at to know the provider. */
public final class RMQConnectionStandIn {
}
