package io.reattach.it.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A legacy JDBC program with no reconnect code, run by {@link JdbcIT} in its own JVM. Each line on stdin {@code row N}
 * is one unit of work: a connection (a new one from {@code DriverManager} with {@code --pool=driver}, one from a HikariCP
 * pool with {@code --pool=hikari}; the pool starts with the first unit), an insert of row N, a commit, the connection
 * closed; then it prints {@code ROW N}. {@code quit} ends it with exit 0. Any exception: {@code EXCEPTION <class>
 * <SQLState> <message>}, exit 1, as a program without reconnect code ends. With {@code --connect-once} it makes one
 * {@code DriverManager} connect and prints {@code CONNECTED <ms>} or {@code FAILED <SQLState> <ms>}.
 */
public final class JdbcApp {
    public static void main(String[] args) throws Exception {
        String pool = "driver";
        String url = null;
        String user = PostgresServer.USER;
        String password = PostgresServer.PASSWORD;
        boolean once = false;
        for (String a : args) {
            if (a.startsWith("--pool=")) {
                pool = a.substring(7);
            } else if (a.startsWith("--url=")) {
                url = a.substring(6);
            } else if (a.startsWith("--password=")) {
                password = a.substring(11);
            } else if (a.equals("--connect-once")) {
                once = true;
            }
        }
        if (once) {
            connectOnce(url, user, password);
            return;
        }
        HikariDataSource hikari = null;
        if (pool.equals("hikari")) {
            hikari = new HikariDataSource(); // started lazily, by the first getConnection: how Spring Boot builds it too
            hikari.setJdbcUrl(url);
            hikari.setUsername(user);
            hikari.setPassword(password);
            hikari.setMaximumPoolSize(2);
        }
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                int n = Integer.parseInt(line.substring("row ".length()));
                try (Connection c = hikari != null ? hikari.getConnection() : DriverManager.getConnection(url, user, password)) {
                    c.setAutoCommit(false);
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO rows(n) VALUES (?)")) {
                        insert.setInt(1, n);
                        insert.executeUpdate();
                    }
                    c.commit();
                }
                System.out.println("ROW " + n);
            }
        } catch (Exception e) {
            System.out.println("EXCEPTION " + e.getClass().getName() + " " + sqlState(e) + " " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        } finally {
            if (hikari != null) {
                hikari.close();
            }
        }
        System.out.println("DONE");
    }

    private static void connectOnce(String url, String user, String password) {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            System.out.println("CONNECTED " + (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            System.out.println("FAILED " + e.getSQLState() + " " + (System.nanoTime() - start) / 1_000_000 + " " + e.getMessage());
        }
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return ((SQLException) t).getSQLState();
            }
        }
        return "-";
    }
}
