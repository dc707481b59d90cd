package io.reattach.weave;

import javax.jms.Connection;

/**
 * Has a method of a factory's name and return type and an interface, which might have been a ConnectionFactory:
 * woven, but no ConnectionFactory (think of a template class).
 */
public class NotAFactory implements java.io.Serializable {
    private final Connection connection;

    public NotAFactory(Connection connection) {
        this.connection = connection;
    }

    public Connection createConnection() {
        return connection;
    }
}
