package io.reattach.net;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code SocketTargets} patterns, ready for matching. {@link #mayMatch} is the one look-up every connect of
 * the application pays: a table indexed by port, filled from the patterns and from {@code ConnectionNameList};
 * only a connect whose port is in it goes on to compare hosts.
 */
final class SocketTargets {
    private final boolean anyPort;
    private final boolean[] ports = new boolean[65536];
    private final List<String[]> patterns = new ArrayList<>(); // {normalised host or *, port or *}

    SocketTargets(List<String> targets, AddressList list) {
        boolean any = false;
        for (String t : targets) {
            int colon = t.lastIndexOf(':');
            String host = t.substring(0, colon);
            String port = t.substring(colon + 1);
            patterns.add(new String[]{host.equals("*") ? "*" : Hosts.normalise(host), port});
            if (port.equals("*")) {
                any = true;
            } else {
                ports[Integer.parseInt(port)] = true;
            }
        }
        for (int i = 0; i < list.size(); i++) {
            ports[list.get(i).port()] = true;
        }
        anyPort = any;
    }

    /** False when no pattern and no list entry names this port: the connect is not the agent's business. */
    boolean mayMatch(int port) {
        return anyPort || ports[port];
    }

    /** Whether a {@code SocketTargets} pattern matches (the list is asked separately). */
    boolean matches(InetSocketAddress address) {
        String port = String.valueOf(address.getPort());
        for (String[] p : patterns) {
            if ((p[1].equals("*") || p[1].equals(port)) && (p[0].equals("*") || Hosts.matches(p[0], address))) {
                return true;
            }
        }
        return false;
    }
}
