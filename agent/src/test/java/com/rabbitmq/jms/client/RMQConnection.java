package com.rabbitmq.jms.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands for the RabbitMQ JMS client's connection: the agent knows it by its class name. As the client's, it takes its
 * client ID in a JVM-wide set and gives it back only when it is closed, and a context closes it only when it has no
 * session left.
 */
public class RMQConnection implements AutoCloseable {
    private static final Set<String> CLIENT_IDS = ConcurrentHashMap.newKeySet();

    private volatile String clientID;
    private volatile int sessions;
    private volatile boolean closed;

    public void setClientID(String clientID) {
        if (!CLIENT_IDS.add(clientID)) {
            throw new IllegalStateException("A connection with client ID [" + clientID + "] already exists.");
        }
        this.clientID = clientID;
    }

    void sessionOpened() {
        sessions++;
    }

    void sessionClosed() {
        sessions--;
    }

    public boolean hasSessions() {
        return sessions > 0;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sessions = 0;
        if (clientID != null) {
            CLIENT_IDS.remove(clientID);
        }
    }
}
