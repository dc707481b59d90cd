package com.rabbitmq.jms.admin;

/** Stands for the RabbitMQ JMS client's destination: the agent reaches only its class name and {@code setDeclared}. */
public class RMQDestination {
    private final boolean temporary;
    private boolean declared = true;

    public RMQDestination() {
        this(false);
    }

    public RMQDestination(boolean temporary) {
        this.temporary = temporary;
    }

    public boolean isTemporary() {
        return temporary;
    }

    public boolean isDeclared() {
        return declared;
    }

    public void setDeclared(boolean declared) {
        this.declared = declared;
    }
}
