package io.reattach.config;

import java.util.List;

/** One entry of {@code ConnectionNameList}: a broker address, written {@code host(port)} as in IBM MQ. */
public final class HostPort {
    private final String host;
    private final int port;

    public HostPort(String host, int port) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
        this.host = host;
        this.port = port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostPort && ((HostPort) o).host.equals(host) && ((HostPort) o).port == port;
    }

    @Override
    public int hashCode() {
        return host.hashCode() * 31 + port;
    }

    /** {@code host(port)}, the syntax of {@code ConnectionNameList}. */
    @Override
    public String toString() {
        return host + "(" + port + ")";
    }

    /** {@code host(port),host(port)...}: a whole {@code ConnectionNameList}. */
    public static String list(List<HostPort> entries) {
        String[] texts = new String[entries.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = entries.get(i).toString();
        }
        return String.join(",", texts);
    }
}
