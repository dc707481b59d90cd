package io.reattach.weave;

import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.JMSContext;
import javax.jms.JMSException;

/**
 * A ConnectionFactory for the weaver tests, written in the shapes provider code has, each of which the woven code
 * and its frames must fit: a jump target at the first instruction, a nested factory call, try/catch/finally,
 * long and double locals, a synchronized block, primitive arguments.
 */
public class SampleFactory implements ConnectionFactory {
    private final Connection connection;
    private final JMSException failure;
    public int calls;
    public long lastNanos;

    public SampleFactory(Connection connection, JMSException failure) {
        this.connection = connection;
        this.failure = failure;
    }

    @Override
    public Connection createConnection() throws JMSException {
        do { // the back edge makes the first instruction a jump target
            calls++;
        } while (calls < 0);
        return createConnection(null, null);
    }

    @Override
    public Connection createConnection(String user, String password) throws JMSException {
        long started = System.nanoTime();
        double weight = 0.5;
        try {
            if (failure != null) {
                throw failure;
            }
            synchronized (this) {
                calls++;
            }
            return connection;
        } catch (IllegalStateException e) {
            return null;
        } finally {
            lastNanos = System.nanoTime() - started + (long) weight;
        }
    }

    @Override
    public JMSContext createContext() {
        return null;
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return null;
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return null;
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        if (sessionMode < 0) {
            throw new IllegalArgumentException("session mode " + sessionMode);
        }
        return null;
    }
}
