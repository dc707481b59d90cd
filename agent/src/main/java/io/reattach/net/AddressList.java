package io.reattach.net;

import io.reattach.config.HostPort;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code ConnectionNameList} and which of its addresses is preferred now. The one place that decides "where does
 * the next connect go": the preferred address first, then the ones after it in list order, wrapping around.
 * The rule: an address that fails while it is preferred hands the preference to the next one in the list; an
 * address that a connect reached becomes preferred. So a client stays on the address that works and moves on
 * only when that one fails. Thread-safe; shared by every connect of the JVM.
 *
 * <p>A connect that reached an address over TCP can still fail as a connection of its protocol (a broker that is
 * starting, a backup that is not active, anything that accepts and never answers). TCP cannot tell; the JMS engine
 * can, and hands the preference on with {@link #failed} as a refused connect does, when a connect reached the
 * preferred address during its attempt ({@link #reachCounts}).
 */
public final class AddressList {
    /**
     * The list the installed socket engine follows, for the JMS engine ({@link #inForce()}). Here, not on the engine:
     * the JMS engine may look before socket support is installed, and loading {@code SocketEngine} then would load its
     * bridge interface from the agent jar instead of the bootstrap class path.
     */
    private static volatile AddressList inForce;

    private final List<HostPort> addresses;
    private final AtomicInteger preferred = new AtomicInteger();
    /** The preferred index the log last announced, so that a redirect is logged once per change, not per connect. */
    private final AtomicInteger announced = new AtomicInteger();
    /** Per address, how many connects have reached it over TCP. */
    private final AtomicLongArray reached;

    public AddressList(List<HostPort> addresses) {
        this.addresses = Collections.unmodifiableList(new ArrayList<>(addresses));
        this.reached = new AtomicLongArray(addresses.size());
    }

    /**
     * The {@code ConnectionNameList} that connects follow now, for the JMS engine's word on a connect that TCP accepted
     * but the protocol refused; null when socket support is not installed or no list is set.
     */
    public static AddressList inForce() {
        AddressList list = inForce;
        return list == null || list.isEmpty() ? null : list;
    }

    /** Set by the socket engine when it becomes the hook and at each settings update. */
    static void inForce(AddressList list) {
        inForce = list;
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

    /**
     * The address at {@code index} failed: when it was preferred, the next one in the list is preferred now.
     *
     * @return whether the preference moved
     */
    public boolean failed(int index) {
        return preferred.compareAndSet(index, (index + 1) % addresses.size());
    }

    /** A connect reached the address at {@code index}: it is preferred now. */
    public void connected(int index) {
        reached.incrementAndGet(index);
        preferred.set(index);
    }

    /** How many connects have reached each address so far: compare two of these to see what a connect attempt reached. */
    public long[] reachCounts() {
        long[] counts = new long[reached.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = reached.get(i);
        }
        return counts;
    }

    /** Whether a connect reached the address at {@code index} since {@code before} ({@link #reachCounts}) was taken. */
    public boolean reachedSince(long[] before, int index) {
        return reached.get(index) != before[index];
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
