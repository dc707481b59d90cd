package io.reattach.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Properties;

/**
 * The few {@code java.sql} types and methods the JDBC engine uses, found once through the system class loader. The
 * agent's classes load from the bootstrap class path (ARCHITECTURE.md, "Start-up"), and since Java 9 {@code java.sql}
 * is a module of the platform class loader, which the bootstrap loader does not see: code of the agent that named
 * {@code java.sql.Driver} would fail to link, and every woven connect would go on as without the agent.
 */
public final class JavaSql {
    static final Class<?> DRIVER = type("java.sql.Driver");
    static final Class<?> SQL_EXCEPTION = type("java.sql.SQLException");
    private static final Method CONNECT = method(DRIVER, "connect", String.class, Properties.class);
    private static final Method SQL_STATE = method(SQL_EXCEPTION, "getSQLState");
    private static final Method ERROR_CODE = method(SQL_EXCEPTION, "getErrorCode");
    private static final Method NEXT_EXCEPTION = method(SQL_EXCEPTION, "getNextException");

    private JavaSql() {
    }

    /** Whether {@code type} implements {@code java.sql.Driver}. */
    public static boolean isDriverClass(Class<?> type) {
        return DRIVER.isAssignableFrom(type);
    }

    static boolean isDriver(Object object) {
        return DRIVER.isInstance(object);
    }

    /** {@code driver.connect(url, info)}: the connection, or what the driver threw, as it threw it. */
    static Object connect(Object driver, String url, Properties info) throws Throwable {
        return invoke(CONNECT, driver, url, info);
    }

    static boolean isSqlException(Throwable t) {
        return SQL_EXCEPTION.isInstance(t);
    }

    /** {@code getSQLState()} of a {@link #isSqlException SQLException}. */
    static String sqlState(Throwable e) {
        return (String) call(SQL_STATE, e);
    }

    static int errorCode(Throwable e) {
        return (Integer) call(ERROR_CODE, e);
    }

    static Throwable nextException(Throwable e) {
        return (Throwable) call(NEXT_EXCEPTION, e);
    }

    /** A getter of SQLException's own, which throws nothing of its own. */
    private static Object call(Method getter, Throwable e) {
        try {
            return invoke(getter, e);
        } catch (RuntimeException | Error thrown) {
            throw thrown;
        } catch (Throwable checked) {
            throw new IllegalStateException(getter + " threw " + checked, checked);
        }
    }

    private static Object invoke(Method method, Object target, Object... args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name, false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this Java runtime has no " + name, e);
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no " + name, e);
        }
    }
}
