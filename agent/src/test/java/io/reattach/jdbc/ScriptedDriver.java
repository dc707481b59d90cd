package io.reattach.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;

/** A fake {@link Driver} whose connects fail with the failures it is given, in order, and then connect. */
final class ScriptedDriver implements Driver {
    final Deque<SQLException> failures = new ArrayDeque<>();
    int connects;

    ScriptedDriver failWith(SQLException... script) {
        for (SQLException e : script) {
            failures.add(e);
        }
        return this;
    }

    static Connection connection() {
        return (Connection) Proxy.newProxyInstance(ScriptedDriver.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> method.getName().equals("toString") ? "fake connection" : null);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        connects++;
        SQLException next = failures.poll();
        if (next != null) {
            throw next;
        }
        return connection();
    }

    @Override
    public boolean acceptsURL(String url) {
        return true;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
        return java.util.logging.Logger.getAnonymousLogger();
    }
}
