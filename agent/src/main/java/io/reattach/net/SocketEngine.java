package io.reattach.net;

import io.reattach.bootstrap.SocketHook;
import io.reattach.config.Settings;
import io.reattach.log.Log;
import io.reattach.policy.Backoff;
import io.reattach.policy.Clock;
import io.reattach.policy.ReconnectPolicy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.SelectableChannel;
import java.util.Collections;
import java.util.Map;
import java.util.Random;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The socket engine: decides, for each connect that the woven JDK code reports, whether it is the agent's
 * business, and where it goes.
 *
 * <p>A blocking connect cannot simply be repeated: the JDK closes the {@code Socket} or {@code SocketChannel}
 * when its connect fails. So before the real connect runs, the engine finds an address that accepts with a
 * private probe connect (same timeout, closed at once), retrying under the reconnect policy and moving along
 * {@code ConnectionNameList}; the real connect then goes to that address. When the policy ends, the real connect
 * runs against the address the application asked for, so the application gets the JDK's own exception.
 *
 * <p>A non-blocking channel connect (Netty, NIO clients) cannot wait: it is only sent to the preferred address of
 * its list, and its outcome ({@code finishConnect}) moves the preference on when it fails.
 */
public final class SocketEngine implements SocketHook {

    private final Clock clock;
    private final Random random = new Random();
    private final ThreadLocal<Boolean> probing = new ThreadLocal<>();
    /** Connected target sockets and channels: their address, for a failure that comes later. */
    private final Map<Object, Connected> connected = Collections.synchronizedMap(new WeakHashMap<Object, Connected>());
    /** Non-blocking connects in progress: the address they were sent to. */
    private final Map<Object, SocketAddress> pending = Collections.synchronizedMap(new WeakHashMap<Object, SocketAddress>());
    private volatile boolean anyConnected;
    private volatile boolean anyPending;
    private final AtomicLong lostConnections = new AtomicLong();
    private volatile Config config;

    public SocketEngine(Settings settings, Clock clock) {
        this.clock = clock;
        this.config = new Config(settings, null);
    }

    /**
     * From now on the woven JDK code calls this engine. Here rather than in the installer: assigning an engine to
     * the bridge's field makes the verifier load the bridge, which must not happen before it is on the bootstrap
     * class path.
     */
    public void becomeTheHook() {
        io.reattach.bootstrap.SocketBridge.hook = this;
    }

    /** New settings for the next connect; the list keeps its preferred address when it did not change. */
    public void update(Settings settings) {
        config = new Config(settings, config.list);
    }

    public AddressList addressList() {
        return config.list;
    }

    /** Connected target sockets that failed later (the application saw the failure). */
    public long lostConnections() {
        return lostConnections.get();
    }

    public String describe() {
        Config c = config;
        return "SocketTargets=" + c.targetsText + ", ConnectionNameList=" + (c.list.isEmpty() ? "none" : c.list) + ", " + c.policy;
    }

    // ---------------------------------------------------------------- connects

    @Override
    public SocketAddress beforeConnect(Object owner, SocketAddress endpoint, int timeoutMillis, boolean channel) {
        if (!(endpoint instanceof InetSocketAddress)) {
            return null;
        }
        InetSocketAddress requested = (InetSocketAddress) endpoint;
        Config c = config;
        if (!c.targets.mayMatch(requested.getPort()) || requested.isUnresolved() || probing.get() != null || !c.enabled) {
            return null; // the common case: one array look-up
        }
        try {
            boolean target = c.targets.matches(requested);
            int listIndex = c.list.indexOf(requested);
            if (!target && listIndex < 0) {
                return null;
            }
            if (channel && owner instanceof SelectableChannel && !((SelectableChannel) owner).isBlocking()) {
                return listIndex < 0 ? requested : preferredOf(c.list, requested, listIndex);
            }
            return connectBlocking(c, requested, timeoutMillis, target, listIndex);
        } catch (Throwable t) {
            Log.internalError("choosing the address of a connect to " + requested, t);
            return null;
        }
    }

    /** A non-blocking connect goes to the preferred address of its list. */
    private static SocketAddress preferredOf(AddressList list, InetSocketAddress requested, int listIndex) {
        int p = list.preferred();
        boolean changed = list.announce(p);
        if (p == listIndex) {
            return requested;
        }
        InetSocketAddress to = list.resolve(p);
        if (changed) {
            logFailOver(requested, to);
        }
        return to;
    }

    /**
     * Probes until an address accepts or the policy ends. A {@code SocketTargets} address gets the whole policy;
     * an address that is only in {@code ConnectionNameList} gets one pass over the list, no waiting, because
     * whoever connects to it (a JMS client under the agent's JMS reconnect) has its own retries.
     */
    private SocketAddress connectBlocking(Config c, InetSocketAddress requested, int timeoutMillis, boolean target, int listIndex) {
        Backoff backoff = null;
        for (int attempt = 1; ; attempt++) {
            int[] order = listIndex < 0 ? null : c.list.order();
            int n = order == null ? 1 : order.length;
            IOException last = null;
            boolean failedOver = false;
            for (int k = 0; k < n; k++) {
                InetSocketAddress candidate = order == null ? requested : resolveOrNull(c.list, order[k]);
                if (candidate == null) {
                    continue;
                }
                try {
                    probe(candidate, attemptTimeout(timeoutMillis, backoff, c.policy));
                    boolean changed = order != null && c.list.announce(order[k]);
                    if (attempt > 1 || failedOver) {
                        Log.info("socket {}: attempt {}: {} accepts; connecting there", show(requested), attempt, show(candidate));
                    } else if (changed && !candidate.equals(requested)) {
                        logFailOver(requested, candidate);
                    }
                    return candidate;
                } catch (IOException e) {
                    last = e;
                    if (order != null) {
                        failedOver = true;
                        c.list.failed(order[k]);
                        if (k + 1 < n) {
                            Log.info("socket {}: attempt {}: {} failed ({}); fail-over to {}", show(requested), attempt, show(candidate),
                                    e, c.list.get(order[k + 1]));
                        }
                    }
                }
            }
            if (!target) {
                Log.info("socket {}: no address of ConnectionNameList accepts ({}); the connect goes on to {}", show(requested),
                        last, show(requested));
                return requested;
            }
            if (backoff == null) {
                backoff = c.policy.start(clock, random);
            }
            long delay = backoff.nextDelayMillis();
            if (delay == Backoff.STOP) {
                Log.info("socket {}: attempt {} failed ({}); giving up after {} ms ({}); the application gets the connect's own exception",
                        show(requested), attempt, last, backoff.elapsedMillis(), c.policy);
                return requested;
            }
            Log.info("socket {}: attempt {} failed ({}); next attempt in {} ms", show(requested), attempt, last, delay);
            if (!sleep(delay)) {
                return requested;
            }
        }
    }

    private static void logFailOver(InetSocketAddress requested, InetSocketAddress to) {
        Log.info("socket {}: fail-over: connecting to {}, the preferred address of ConnectionNameList (logged once until"
                + " the preference changes)", show(requested), show(to));
    }

    private static InetSocketAddress resolveOrNull(AddressList list, int index) {
        InetSocketAddress a = list.resolve(index);
        return a.isUnresolved() ? null : a;
    }

    /** The connect's own timeout, no longer than what is left of {@code MQReconnectTimeout}; 0 is the JDK's "none". */
    private static int attemptTimeout(int timeoutMillis, Backoff backoff, ReconnectPolicy policy) {
        long left = backoff == null ? policy.timeoutMillis() : backoff.remainingMillis();
        left = Math.max(1, Math.min(left, Integer.MAX_VALUE));
        return timeoutMillis == 0 ? (int) left : (int) Math.min(timeoutMillis, left);
    }

    private void probe(InetSocketAddress address, int timeoutMillis) throws IOException {
        probing.set(Boolean.TRUE);
        Socket s = new Socket(Proxy.NO_PROXY);
        try {
            s.connect(address, timeoutMillis);
        } finally {
            probing.remove();
            try {
                s.close();
            } catch (IOException ignored) {
                // a probe that did not close is gone anyway
            }
        }
    }

    private static boolean sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the connect goes ahead; the application sees its interrupt
            return false;
        }
    }

    @Override
    public void afterConnect(Object owner, SocketAddress address, boolean isConnected, Throwable thrown) {
        try {
            if (thrown != null) {
                failed(address, thrown);
            } else if (isConnected) {
                connectedTo(owner, address);
            } else {
                pending.put(owner, address);
                anyPending = true;
            }
        } catch (Throwable t) {
            Log.internalError("recording a connect to " + address, t);
        }
    }

    @Override
    public void afterFinishConnect(Object channel, boolean isConnected, Throwable thrown) {
        if (!anyPending || (thrown == null && !isConnected)) {
            return;
        }
        try {
            SocketAddress address = pending.remove(channel);
            if (address == null) {
                return;
            }
            if (thrown != null) {
                failed(address, thrown);
            } else {
                connectedTo(channel, address);
            }
        } catch (Throwable t) {
            Log.internalError("recording a finished connect", t);
        }
    }

    private void connectedTo(Object owner, SocketAddress address) {
        Config c = config;
        int index = c.list.indexOf((InetSocketAddress) address);
        if (index >= 0) {
            c.list.connected(index);
        }
        connected.put(owner, new Connected((InetSocketAddress) address));
        anyConnected = true;
    }

    private void failed(SocketAddress address, Throwable thrown) {
        AddressList list = config.list;
        int index = list.indexOf((InetSocketAddress) address);
        if (index >= 0) {
            list.failed(index);
            Log.info("socket {}: connect failed ({}); the next connect starts with {}", show((InetSocketAddress) address), thrown,
                    list.get(list.preferred()));
        }
    }

    // ---------------------------------------------------------------- connected sockets that fail later

    @Override
    public void ioFailed(Object owner, Throwable thrown) {
        if (!anyConnected || thrown instanceof InterruptedIOException) {
            return; // a read timeout is not a failure of the connection
        }
        try {
            Connected c = connected.remove(owner);
            if (c == null || isClosedByApplication(owner)) {
                return;
            }
            long n = lostConnections.incrementAndGet();
            AddressList list = config.list;
            int index = list.indexOf(c.address);
            String next = "";
            if (index >= 0) {
                list.failed(index);
                next = "; the next connect starts with " + list.get(list.preferred());
            }
            Log.info("socket {}: connection lost ({}); the application sees the failure: a byte stream cannot be resumed"
                    + " without knowing its protocol (lost connections so far: {}){}", show(c.address), thrown, n, next);
        } catch (Throwable t) {
            Log.internalError("recording a failed socket", t);
        }
    }

    private static boolean isClosedByApplication(Object owner) {
        if (owner instanceof Socket) {
            return ((Socket) owner).isClosed();
        }
        return owner instanceof Channel && !((Channel) owner).isOpen();
    }

    private static String show(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    private static final class Connected {
        final InetSocketAddress address;

        Connected(InetSocketAddress address) {
            this.address = address;
        }
    }

    /** One load of the settings, ready for matching. */
    private static final class Config {
        final boolean enabled;
        final SocketTargets targets;
        final AddressList list;
        final ReconnectPolicy policy;
        final String targetsText;

        Config(Settings settings, AddressList previous) {
            enabled = settings.reconnectEnabled();
            list = previous != null && previous.addresses().equals(settings.connectionNameList())
                    ? previous : new AddressList(settings.connectionNameList());
            targets = new SocketTargets(settings.socketTargets(), list);
            policy = settings.reconnectPolicy();
            targetsText = settings.socketTargets().isEmpty() ? "none" : String.join(",", settings.socketTargets());
        }
    }
}
