package io.reattach.weave;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A driver as a vendor writes one, for {@link DriverWeaverTest}: its connect fails with SQLState {@code 57P03}
 * ("starting up") as many times as the URL's {@code starting=N} says, then connects. The woven copy is another class
 * than this one, so the test reads the number of connects through {@link #getMinorVersion()}.
 */
public class SampleDriver implements Driver {
    private int connects;

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!url.startsWith("jdbc:postgresql:")) {
            return null; // not this driver's URL
        }
        connects++;
        int starting = Integer.parseInt(url.substring(url.indexOf("starting=") + "starting=".length()));
        if (connects <= starting) {
            throw new SQLException("FATAL: the database system is starting up", "57P03");
        }
        return (Connection) Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[]{Connection.class}, (p, m, a) -> null);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url.startsWith("jdbc:postgresql:");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    /** The number of connects so far. */
    @Override
    public int getMinorVersion() {
        return connects;
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
