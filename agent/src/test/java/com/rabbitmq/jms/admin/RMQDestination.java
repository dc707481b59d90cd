package com.rabbitmq.jms.admin;

/** Stands for the RabbitMQ JMS client's destination: the agent reaches only its class name and {@code setDeclared}. */
public class RMQDestination {
    private boolean declared = true;

    public boolean isDeclared() {
        return declared;
    }

    public void setDeclared(boolean declared) {
        this.declared = declared;
    }
}
