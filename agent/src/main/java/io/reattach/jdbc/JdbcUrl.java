package io.reattach.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database addresses a JDBC URL names, read from its text (no look-up): {@code jdbc:sub://host:port,host:port/...}
 * (PostgreSQL, MySQL, MariaDB, SQL Server, DB2, ...), Oracle's {@code @host:port:sid}, {@code @//host:port/service}
 * and {@code (HOST=..)(PORT=..)} descriptors, and MySQL's {@code address=(host=..)(port=..)}. A port the URL leaves
 * out is the driver's default where it is well known, otherwise unknown ({@link #UNKNOWN_PORT}).
 */
final class JdbcUrl {
    static final int UNKNOWN_PORT = -1;

    private static final Pattern HOST = Pattern.compile("\\(\\s*host\\s*=\\s*([^)\\s]+)\\s*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PORT = Pattern.compile("\\(\\s*port\\s*=\\s*(\\d+)\\s*\\)", Pattern.CASE_INSENSITIVE);

    /** One address: host as written (lower case, no brackets), port or {@link #UNKNOWN_PORT}. */
    static final class Address {
        final String host;
        final int port;

        Address(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        public String toString() {
            String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return port == UNKNOWN_PORT ? h : h + ":" + port;
        }
    }

    private JdbcUrl() {
    }

    /** {@code postgresql} of {@code jdbc:postgresql://...}, lower case; empty when the URL is not a JDBC URL. */
    static String subprotocol(String url) {
        if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return "";
        }
        int colon = url.indexOf(':', 5);
        return url.substring(5, colon < 0 ? url.length() : colon).toLowerCase(Locale.ROOT);
    }

    /** The addresses the URL names; empty when it names none that this reader understands. */
    static List<Address> addresses(String url) {
        String sub = subprotocol(url);
        if (sub.isEmpty()) {
            return Collections.emptyList();
        }
        int defaultPort = defaultPort(sub);
        if (HOST.matcher(url).find()) {
            return descriptor(url, defaultPort);
        }
        int slashes = url.indexOf("//");
        int at = url.indexOf('@');
        if (sub.equals("oracle") && at >= 0 && (slashes < 0 || slashes > at)) {
            return oracleShort(url.substring(at + 1), defaultPort);
        }
        if (slashes < 0) {
            // jdbc:postgresql:dbname and jdbc:postgresql: mean the local server.
            return sub.equals("postgresql") ? Collections.singletonList(new Address("localhost", defaultPort)) : Collections.<Address>emptyList();
        }
        String authority = url.substring(slashes + 2);
        authority = authority.substring(0, firstOf(authority, "/?;"));
        authority = authority.substring(authority.lastIndexOf('@') + 1); // user:password@ (MySQL) is not an address
        List<Address> result = new ArrayList<>();
        for (String hostPort : authority.split(",")) {
            Address a = hostPort(hostPort.trim(), defaultPort);
            if (a != null) {
                result.add(a);
            }
        }
        return result;
    }

    /** {@code host:port:sid}, {@code //host:port/service} or {@code host:port/service} after Oracle's {@code @}. */
    private static List<Address> oracleShort(String s, int defaultPort) {
        String t = s.startsWith("//") ? s.substring(2) : s;
        int end;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            int next = close < 0 ? -1 : t.indexOf(':', close + 1);
            int portEnd = next < 0 ? t.length() : firstOf(t.substring(next + 1), ":/?") + next + 1;
            end = next < 0 ? firstOf(t, "/?") : portEnd;
        } else {
            int colon = t.indexOf(':');
            end = colon < 0 ? firstOf(t, "/?") : colon + 1 + firstOf(t.substring(colon + 1), ":/?");
        }
        Address a = hostPort(t.substring(0, end), defaultPort);
        return a == null ? Collections.<Address>emptyList() : Collections.singletonList(a);
    }

    /**
     * Oracle's {@code (ADDRESS=(PROTOCOL=TCP)(HOST=..)(PORT=..))} or MySQL's {@code address=(host=..)(port=..)}: each
     * piece of the URL from one "address" to the next that has a host is one address, its port in any order.
     */
    private static List<Address> descriptor(String url, int defaultPort) {
        List<Address> result = new ArrayList<>();
        for (String piece : url.split("(?i)address")) {
            Matcher host = HOST.matcher(piece);
            if (host.find()) {
                Matcher port = PORT.matcher(piece);
                int p = port.find() ? Integer.parseInt(port.group(1)) : defaultPort;
                result.add(new Address(unbracket(host.group(1)).toLowerCase(Locale.ROOT), p));
            }
        }
        return result;
    }

    private static Address hostPort(String s, int defaultPort) {
        if (s.isEmpty()) {
            return null;
        }
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = s.substring(1, close);
            if (s.length() > close + 1 && s.charAt(close + 1) == ':') {
                port = s.substring(close + 2);
            }
        } else {
            int colon = s.indexOf(':');
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        if (host.isEmpty()) {
            host = "localhost"; // jdbc:postgresql:///db, jdbc:mysql://:3306/
        }
        int p = defaultPort;
        if (port != null && !port.isEmpty()) {
            try {
                p = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return new Address(host.toLowerCase(Locale.ROOT), p);
    }

    private static int defaultPort(String sub) {
        switch (sub) {
            case "postgresql":
                return 5432;
            case "mysql":
            case "mariadb":
                return 3306;
            case "oracle":
                return 1521;
            case "sqlserver":
                return 1433;
            default:
                return UNKNOWN_PORT;
        }
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
