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
        if (h.indexOf(':') >= 0 || h.matches("[0-9.]+")) {
            try {
                return InetAddress.getByName(h).getHostAddress(); // a literal: no look-up
            } catch (Exception e) {
                return h;
            }
        }
        return h;
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
