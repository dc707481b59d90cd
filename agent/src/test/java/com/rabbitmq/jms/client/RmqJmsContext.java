package com.rabbitmq.jms.client;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stands for the RabbitMQ JMS client's {@code JMSContext}: the agent knows it by its class name, and reaches the
 * fields {@code RabbitMqContexts} reads. Its session and its {@code close()} behave as the client's (2.x, 3.x): the
 * first thread that touches the session takes the lock for good, any other thread is refused it, and {@code close()}
 * closes the connection only when the connection has no session left.
 */
public class RmqJmsContext implements AutoCloseable {
    private final Lock sessionLock = new ReentrantLock();
    private final RMQConnection connection = new RMQConnection();
    private volatile Object session;

    public void setClientID(String clientID) {
        connection.setClientID(clientID);
    }

    /** As the client's {@code session()}, which every call that needs the session makes (createConsumer, ...). */
    public Object session() {
        if (!sessionLock.tryLock()) {
            throw new IllegalStateException("Impossible to access context session");
        }
        if (session == null) {
            session = new Object();
            connection.sessionOpened();
        }
        return session;
    }

    /** As the client's: the session first (a warning when it cannot be reached), then the connection if it has no session. */
    @Override
    public void close() {
        try {
            session();
            session = null;
            connection.sessionClosed();
        } catch (IllegalStateException e) {
            // the client logs "Error while closing context session" and goes on
        }
        if (!connection.hasSessions()) {
            connection.close();
        }
    }

    public RMQConnection connection() {
        return connection;
    }
}
