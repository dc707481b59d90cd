package io.reattach.jms.fake;

import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.JMSContext;
import javax.jms.JMSException;

/**
 * The factory of the fake provider. Public, with public methods, because the engine calls the factory method the
 * advice saw again, by reflection, for every reconnect attempt.
 */
public final class FakeConnectionFactory implements ConnectionFactory {

    private final FakeBroker broker;

    FakeConnectionFactory(FakeBroker broker) {
        this.broker = broker;
    }

    @Override
    public Connection createConnection() throws JMSException {
        return broker.connect("createConnection", null);
    }

    @Override
    public Connection createConnection(String user, String password) throws JMSException {
        return broker.connect("createConnection", user);
    }

    @Override
    public JMSContext createContext() {
        return createContext(null, null, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String user, String password) {
        return createContext(user, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String user, String password, int sessionMode) {
        return new FakeContext(Unchecked.call(() -> broker.connect("createContext", user)), sessionMode, true);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return createContext(null, null, sessionMode);
    }
}
