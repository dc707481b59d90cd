package io.reattach.net;

import io.reattach.config.HostPort;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ConnectionNameList} and which of its addresses is preferred now. The one place that decides "where does
 * the next connect go": the preferred address first, then the ones after it in list order, wrapping around.
 * The rule: an address that fails while it is preferred hands the preference to the next one in the list; an
 * address that a connect reached becomes preferred. So a client stays on the address that works and moves on
 * only when that one fails. Thread-safe; shared by every connect of the JVM.
 */
public final class AddressList {
    private final List<HostPort> addresses;
    private final AtomicInteger preferred = new AtomicInteger();
    /** The preferred index the log last announced, so that a redirect is logged once per change, not per connect. */
    private final AtomicInteger announced = new AtomicInteger();

    public AddressList(List<HostPort> addresses) {
        this.addresses = Collections.unmodifiableList(new ArrayList<>(addresses));
    }

    public boolean isEmpty() {
        return addresses.isEmpty();
    }

    public int size() {
        return addresses.size();
    }

    public HostPort get(int index) {
        return addresses.get(index);
    }

    public List<HostPort> addresses() {
        return addresses;
    }

    /** The index of the address a connect should try first. */
    public int preferred() {
        return preferred.get();
    }

    /** Every index once, the preferred first, then list order, wrapping around. */
    public int[] order() {
        int n = addresses.size();
        int first = preferred.get();
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = (first + k) % n;
        }
        return order;
    }

    /** The address at {@code index} failed: when it was preferred, the next one in the list is preferred now. */
    public void failed(int index) {
        preferred.compareAndSet(index, (index + 1) % addresses.size());
    }

    /** A connect reached the address at {@code index}: it is preferred now. */
    public void connected(int index) {
        preferred.set(index);
    }

    /** True once for each change of where connects are redirected to: the caller logs it. */
    public boolean announce(int index) {
        return announced.getAndSet(index) != index;
    }

    /** The index of the entry that names this address (its host as written, or its IP address, and its port), or -1. */
    public int indexOf(InetSocketAddress address) {
        for (int i = 0; i < addresses.size(); i++) {
            HostPort hp = addresses.get(i);
            if (hp.port() == address.getPort() && Hosts.matches(Hosts.normalise(hp.host()), address)) {
                return i;
            }
        }
        return -1;
    }

    /** A resolved address for the entry (a DNS look-up for a host name). */
    public InetSocketAddress resolve(int index) {
        HostPort hp = addresses.get(index);
        return new InetSocketAddress(Hosts.unbracket(hp.host()), hp.port());
    }

    @Override
    public String toString() {
        return HostPort.list(addresses);
    }
}
