package io.reattach.weave;

import javax.jms.Connection;

/** Has a method of a factory's name and return type, but is no ConnectionFactory (think of a template class). */
public class NotAFactory {
    private final Connection connection;

    public NotAFactory(Connection connection) {
        this.connection = connection;
    }

    public Connection createConnection() {
        return connection;
    }
}
