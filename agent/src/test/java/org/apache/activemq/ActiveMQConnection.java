package org.apache.activemq;

import java.io.IOException;

import org.apache.activemq.transport.Transport;

/**
 * A stand-in for ActiveMQ Classic's connection in the agent's unit tests: a transport whose receive counter the test
 * moves, and which records the failure the agent injects.
 */
public class ActiveMQConnection {
    public final FakeTransport transport = new FakeTransport();
    public boolean closed;

    public Transport getTransport() {
        return transport;
    }

    public boolean isClosed() {
        return closed;
    }

    public boolean isTransportFailed() {
        return transport.failure != null;
    }

    /** The part of Classic's Transport the agent uses. */
    public static class FakeTransport implements Transport {
        public volatile int receiveCounter;
        public volatile IOException failure;
        public int failures;

        @Override
        public int getReceiveCounter() {
            return receiveCounter;
        }

        @Override
        public void onException(IOException e) {
            failure = e;
            failures++;
        }
    }
}
