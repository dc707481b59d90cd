package io.reattach.jdbc;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code JdbcTargets} patterns ({@code host:port}, {@code *} for any host or any port, as {@code SocketTargets}
 * writes them), matched against the addresses a JDBC URL names ({@link JdbcUrl}): a URL is a target when one of its
 * addresses matches. Hosts are compared as written, without a DNS look-up (a connect per unit of work would pay one
 * each time): {@code db1:5432} matches {@code jdbc:postgresql://db1/app} but not the same server by its IP address.
 * IP literals compare in the JDK's spelling, so {@code [::1]} matches {@code [0:0:0:0:0:0:0:1]}.
 */
final class JdbcTargets {
    private final List<String[]> patterns = new ArrayList<>(); // {normalised host or *, port or *}

    JdbcTargets(List<String> targets) {
        for (String t : targets) {
            int colon = t.lastIndexOf(':');
            String host = t.substring(0, colon);
            patterns.add(new String[]{host.equals("*") ? "*" : normalise(host), t.substring(colon + 1)});
        }
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** Whether the URL names an address that a pattern matches. A port the URL does not tell matches only {@code *}. */
    boolean matches(String url) {
        if (patterns.isEmpty()) {
            return false;
        }
        for (JdbcUrl.Address a : JdbcUrl.addresses(url)) {
            String host = normalise(a.host);
            String port = a.port == JdbcUrl.UNKNOWN_PORT ? null : String.valueOf(a.port);
            for (String[] p : patterns) {
                if ((p[1].equals("*") || p[1].equals(port)) && (p[0].equals("*") || p[0].equals(host))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Lower case, brackets removed, an IPv6 literal in the JDK's spelling (parsed, not looked up). */
    private static String normalise(String host) {
        String h = (host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host).toLowerCase(Locale.ROOT);
        if (h.indexOf(':') >= 0) {
            try {
                return InetAddress.getByName(h).getHostAddress();
            } catch (Exception e) {
                return h;
            }
        }
        return h;
    }
}
