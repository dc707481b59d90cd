package io.reattach.net;

import io.reattach.bootstrap.SocketHook;
import io.reattach.config.Settings;
import io.reattach.log.Log;
import io.reattach.policy.Clock;
import io.reattach.policy.Sleeper;

import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.SelectableChannel;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static io.reattach.net.ConnectRouter.show;

/**
 * The socket engine, called by the woven JDK code: decides whether a connect is the agent's business (its address
 * matches {@code SocketTargets} or is in {@code ConnectionNameList}), has the {@link ConnectRouter} choose where it
 * goes (probing, with retries, for a blocking connect), and follows the outcome: an address a connect reached
 * becomes preferred, one that failed hands the preference on, and a connected socket that fails later is logged and
 * counted ({@link #lostConnections}).
 */
public final class SocketEngine implements SocketHook {

    private final ConnectRouter router;
    /** Connected target sockets and channels: their address, for a failure that comes later. */
    private final Map<Object, InetSocketAddress> connected = Collections.synchronizedMap(new WeakHashMap<Object, InetSocketAddress>());
    /** Non-blocking connects in progress: the address they were sent to. */
    private final Map<Object, SocketAddress> pending = Collections.synchronizedMap(new WeakHashMap<Object, SocketAddress>());
    private volatile boolean anyConnected;
    private volatile boolean anyPending;
    private final AtomicLong lostConnections = new AtomicLong();
    private volatile SocketConfig config;

    /** @param clock and {@code sleeper}: the time of the retries of a blocking connect (tests pass a fake) */
    public SocketEngine(Settings settings, Clock clock, Sleeper sleeper) {
        this.router = new ConnectRouter(clock, sleeper);
        this.config = new SocketConfig(settings, null);
    }

    /**
     * From now on the woven JDK code calls this engine. Here rather than in the installer: assigning an engine to
     * the bridge's field makes the verifier load the bridge, which must not happen before it is on the bootstrap
     * class path.
     */
    public void becomeTheHook() {
        io.reattach.bootstrap.SocketBridge.hook = this;
        AddressList.inForce(config.list);
    }

    /** New settings for the next connect; the list keeps its preferred address when it did not change. */
    public void update(Settings settings) {
        config = new SocketConfig(settings, config.list);
        AddressList.inForce(config.list);
    }

    public AddressList addressList() {
        return config.list;
    }

    /** Connected target sockets that failed later (the application saw the failure). */
    public long lostConnections() {
        return lostConnections.get();
    }

    public String describe() {
        SocketConfig c = config;
        return "SocketTargets=" + c.targetsText + ", ConnectionNameList=" + (c.list.isEmpty() ? "none" : c.list) + ", " + c.policy;
    }

    // ---------------------------------------------------------------- connects

    @Override
    public SocketAddress beforeConnect(Object owner, SocketAddress endpoint, int timeoutMillis, boolean channel) {
        if (!(endpoint instanceof InetSocketAddress)) {
            return null;
        }
        InetSocketAddress requested = (InetSocketAddress) endpoint;
        SocketConfig c = config;
        if (!c.targets.mayMatch(requested.getPort()) || requested.isUnresolved() || router.isProbing() || !c.enabled) {
            return null; // the common case: one array look-up
        }
        try {
            boolean target = c.targets.matches(requested);
            int listIndex = c.list.indexOf(requested);
            if (!target && listIndex < 0) {
                return null;
            }
            if (channel && owner instanceof SelectableChannel && !((SelectableChannel) owner).isBlocking()) {
                return listIndex < 0 ? requested : ConnectRouter.nonBlocking(c.list, requested, listIndex);
            }
            return router.blocking(c, requested, timeoutMillis, target, listIndex >= 0);
        } catch (Throwable t) {
            Log.internalError("choosing the address of a connect to " + requested, t);
            return null;
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
        SocketConfig c = config;
        int index = c.list.indexOf((InetSocketAddress) address);
        if (index >= 0) {
            c.list.connected(index);
        }
        connected.put(owner, (InetSocketAddress) address);
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
            InetSocketAddress address = connected.remove(owner);
            if (address == null || isClosedByApplication(owner)) {
                return;
            }
            long n = lostConnections.incrementAndGet();
            AddressList list = config.list;
            int index = list.indexOf(address);
            String next = "";
            if (index >= 0) {
                list.failed(index);
                next = "; the next connect starts with " + list.get(list.preferred());
            }
            Log.info("socket {}: connection lost ({}); the application sees the failure: a byte stream cannot be resumed"
                    + " without knowing its protocol (lost connections so far: {}){}", show(address), thrown, n, next);
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

}
