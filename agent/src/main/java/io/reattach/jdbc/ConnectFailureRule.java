package io.reattach.jdbc;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Which failed JDBC connects are worth another attempt: those whose failure says "no connection" or "the server is
 * not ready", never those that say "you may not" or "no such database" (README, "JDBC"). Every {@code SQLException}
 * in the failure's causes and {@code getNextException} chain counts:
 * <ul>
 *   <li>never retried, whatever else the chain says: SQLState class {@code 28} (invalid authorization: a wrong
 *       password) and {@code 3D000} (invalid catalog name: no such database);</li>
 *   <li>retried: SQLState class {@code 08} (connection exception, SQL standard and JDBC); for a PostgreSQL URL
 *       {@code 57P01} (admin shutdown), {@code 57P02} (crash shutdown) and {@code 57P03} (cannot connect now: starting
 *       up, shutting down, in recovery); for a MySQL or MariaDB URL the error codes {@link #MYSQL}; for an Oracle URL
 *       the error codes {@link #ORACLE};</li>
 *   <li>everything else (SQL errors, a driver's own bugs, a non-SQL exception) passes through.</li>
 * </ul>
 * Vendor codes are read only for that vendor's URL: error numbers of different databases overlap.
 */
final class ConnectFailureRule {
    /** ER_SERVER_SHUTDOWN (server shutdown in progress), ER_SERVER_OFFLINE_MODE (MySQL 5.7+: offline mode). */
    static final int[] MYSQL = {1053, 3032};
    /**
     * ORA-01033 (initialization or shutdown in progress), 01034 (ORACLE not available), 01089 (immediate shutdown in
     * progress), 01090 (shutdown in progress), 12505 and 12514 (the listener does not know the SID or service yet),
     * 12516, 12518, 12519, 12520 (no handler available), 12521 (instance not known yet), 12526, 12527, 12528 (instances
     * restricted or blocking new connections), 12537 (connection closed), 12541 (no listener), 12547 (lost contact),
     * and the thin driver's 17002 (I/O error).
     */
    static final int[] ORACLE = {1033, 1034, 1089, 1090, 12505, 12514, 12516, 12518, 12519, 12520, 12521, 12526, 12527, 12528,
            12537, 12541, 12547, 17002};
    /** Enough for any real chain; a cycle or a driver that links without end stops here. */
    private static final int MAX_CHAIN = 32;

    private ConnectFailureRule() {
    }

    /** Whether a connect to {@code url} that failed with {@code failure} is worth another attempt. */
    static boolean retryable(Throwable failure, String url) {
        String vendor = JdbcUrl.subprotocol(url);
        boolean retry = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<Throwable, Boolean>());
        ArrayDeque<Throwable> todo = new ArrayDeque<>();
        todo.add(failure);
        while (!todo.isEmpty() && seen.size() < MAX_CHAIN) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (JavaSql.isSqlException(t)) {
                String state = JavaSql.sqlState(t);
                if (state != null && (state.startsWith("28") || state.equals("3D000"))) {
                    return false;
                }
                retry |= saysNotConnected(state, JavaSql.errorCode(t), vendor);
                addIfPresent(todo, JavaSql.nextException(t));
            }
            addIfPresent(todo, t.getCause());
        }
        return retry;
    }

    private static void addIfPresent(ArrayDeque<Throwable> todo, Throwable t) {
        if (t != null) {
            todo.add(t);
        }
    }

    private static boolean saysNotConnected(String state, int code, String vendor) {
        if (state != null && state.startsWith("08")) {
            return true;
        }
        switch (vendor) {
            case "postgresql":
                return "57P01".equals(state) || "57P02".equals(state) || "57P03".equals(state);
            case "mysql":
            case "mariadb":
                return contains(MYSQL, code);
            case "oracle":
                return contains(ORACLE, code);
            default:
                return false;
        }
    }

    private static boolean contains(int[] codes, int code) {
        for (int c : codes) {
            if (c == code) {
                return true;
            }
        }
        return false;
    }

    /** {@code SQLState 57P03: the message}, or the throwable's own words, for the log. */
    static String describe(Throwable failure) {
        if (JavaSql.isSqlException(failure)) {
            int errorCode = JavaSql.errorCode(failure);
            String code = errorCode != 0 ? ", error " + errorCode : "";
            return "SQLState " + JavaSql.sqlState(failure) + code + ": " + failure.getMessage();
        }
        return String.valueOf(failure);
    }
}
