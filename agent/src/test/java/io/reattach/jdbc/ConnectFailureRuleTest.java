package io.reattach.jdbc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which connect failures are retried: the SQLStates and vendor codes of the README's JDBC table. */
class ConnectFailureRuleTest {
    private static final String PG = "jdbc:postgresql://db1:5432/app";
    private static final String MYSQL = "jdbc:mysql://db1:3306/app";
    private static final String ORACLE = "jdbc:oracle:thin:@//db1:1521/svc";

    @Test
    void connectionExceptionsOfClass08AreRetriedForEveryDatabase() {
        assertTrue(ConnectFailureRule.retryable(new SQLException("Connection to db1:5432 refused", "08001"), PG));
        assertTrue(ConnectFailureRule.retryable(new SQLException("Communications link failure", "08S01"), MYSQL));
        assertTrue(ConnectFailureRule.retryable(new SQLException("I/O error", "08006"), "jdbc:sqlserver://db1;databaseName=x"));
    }

    @Test
    void postgresqlStartingUpOrShuttingDownIsRetriedOnlyForAPostgresqlUrl() {
        assertTrue(ConnectFailureRule.retryable(new SQLException("FATAL: the database system is starting up", "57P03"), PG));
        assertTrue(ConnectFailureRule.retryable(new SQLException("FATAL: terminating connection due to administrator command", "57P01"), PG));
        assertFalse(ConnectFailureRule.retryable(new SQLException("not postgres", "57P03"), MYSQL));
        assertFalse(ConnectFailureRule.retryable(new SQLException("canceling statement due to user request", "57014"), PG));
    }

    @Test
    void mysqlAndOracleServerStatesAreReadFromTheirErrorCodes() {
        assertTrue(ConnectFailureRule.retryable(new SQLException("Server shutdown in progress", "HY000", 1053), MYSQL));
        assertTrue(ConnectFailureRule.retryable(new SQLException("offline mode", "HY000", 3032), "jdbc:mariadb://db1/app"));
        assertTrue(ConnectFailureRule.retryable(new SQLException("ORA-01033: ORACLE initialization or shutdown in progress", null, 1033), ORACLE));
        assertTrue(ConnectFailureRule.retryable(new SQLException("ORA-12514: listener does not currently know of service", null, 12514), ORACLE));
        assertFalse(ConnectFailureRule.retryable(new SQLException("ORA-01017: invalid username/password", "72000", 1017), ORACLE));
        // Error numbers of different databases overlap: Oracle's 1033 means nothing for MySQL.
        assertFalse(ConnectFailureRule.retryable(new SQLException("whatever", "HY000", 1033), MYSQL));
    }

    @Test
    void aWrongPasswordAMissingDatabaseAndSqlErrorsAreNeverRetried() {
        assertFalse(ConnectFailureRule.retryable(new SQLException("password authentication failed", "28P01"), PG));
        assertFalse(ConnectFailureRule.retryable(new SQLException("Access denied", "28000", 1045), MYSQL));
        assertFalse(ConnectFailureRule.retryable(new SQLException("database \"nope\" does not exist", "3D000"), PG));
        assertFalse(ConnectFailureRule.retryable(new SQLException("syntax error", "42601"), PG));
        assertFalse(ConnectFailureRule.retryable(new SQLException("no state"), PG));
        assertFalse(ConnectFailureRule.retryable(new IllegalStateException("a driver bug"), PG));
    }

    @Test
    void theWholeChainCountsAndAnAuthorizationFailureAnywhereInItWins() {
        SQLException wrapped = new SQLException("pool could not connect", (String) null);
        wrapped.initCause(new SQLException("refused", "08001", new IOException("Connection refused")));
        assertTrue(ConnectFailureRule.retryable(wrapped, PG));

        SQLException next = new SQLException("first", "HY000");
        next.setNextException(new SQLException("starting up", "57P03"));
        assertTrue(ConnectFailureRule.retryable(next, PG));

        SQLException both = new SQLException("connection failed", "08004");
        both.setNextException(new SQLException("password authentication failed", "28P01"));
        assertFalse(ConnectFailureRule.retryable(both, PG));
    }
}
