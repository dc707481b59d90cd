package io.reattach.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

/** How a host written in the settings is compared with the address of a connect. */
final class Hosts {
    private Hosts() {
    }

    /**
     * Lower case, brackets removed, an IP literal in the JDK's own spelling (so {@code [::1]} compares equal to
     * {@code 0:0:0:0:0:0:0:1}). A literal is parsed without a DNS look-up; a host name is left as written.
     */
    static String normalise(String host) {
        String h = unbracket(host).toLowerCase(Locale.ROOT);
        String dotted = dottedQuad(h);
        if (dotted != null) {
            return dotted;
        }
        if (h.indexOf(':') >= 0 || isDigitsAndDots(h)) {
            try {
                return InetAddress.getByName(h).getHostAddress(); // a literal: no look-up
            } catch (Exception e) {
                return h;
            }
        }
        return h;
    }

    /**
     * An IPv4 address in four decimal parts, as the JDK spells it (no leading zeros), or null. Without
     * {@code InetAddress}: the settings are read in premain, where its first use costs milliseconds (on JDK 25 it
     * loads the security properties, and with them a JDK socket class that would then have to be woven by a
     * retransformation).
     */
    static String dottedQuad(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        StringBuilder b = new StringBuilder(15);
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !isDigitsAndDots(part)) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            b.append(b.length() == 0 ? "" : ".").append(value);
        }
        return b.toString();
    }

    private static boolean isDigitsAndDots(String h) {
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return !h.isEmpty();
    }

    static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Whether {@code host} (normalised) names this address: equal to the host string the application gave (a name
     * or a literal) or to the IP address it resolved to. No reverse look-up.
     */
    static boolean matches(String host, InetSocketAddress address) {
        if (host.equalsIgnoreCase(address.getHostString())) {
            return true;
        }
        InetAddress ip = address.getAddress();
        return ip != null && host.equals(ip.getHostAddress());
    }
}
