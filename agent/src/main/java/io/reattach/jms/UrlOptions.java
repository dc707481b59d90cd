package io.reattach.jms;

/**
 * The options of a provider URL ({@code tcp://host:61616?key=value&key=value}): read one, add one. Only what the
 * agent needs to turn on a provider's heartbeat; values are taken as written, never decoded.
 */
final class UrlOptions {

    private UrlOptions() {
    }

    /** The scheme in lower case ({@code tcp}, {@code amqp}, {@code failover}), or "" when there is none. */
    static String scheme(String url) {
        int colon = url.indexOf(':');
        return colon <= 0 ? "" : url.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    }

    /** The value of option {@code key} (case-sensitive, as the providers read them), or null when absent. */
    static String value(String url, String key) {
        String query = query(url);
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(key)) {
                return eq < 0 ? "" : pair.substring(eq + 1);
            }
        }
        return null;
    }

    /** {@code url} with {@code key=value} added to its options, before any fragment. */
    static String with(String url, String key, String value) {
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        String separator = base.indexOf('?') < 0 ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
        return base + separator + key + "=" + value + fragment;
    }

    /** The URL for a log line: no user information, no options (either can hold a password). */
    static String shown(String url) {
        return url == null ? "null" : ConnectionStatusView.sanitize(url);
    }

    private static String query(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        int hash = url.indexOf('#', q);
        return hash < 0 ? url.substring(q + 1) : url.substring(q + 1, hash);
    }
}
