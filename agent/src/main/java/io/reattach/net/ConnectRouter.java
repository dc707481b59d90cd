package io.reattach.net;

import io.reattach.log.Log;
import io.reattach.policy.Clock;
import io.reattach.policy.RetryLoop;
import io.reattach.policy.Sleeper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Random;

/**
 * Where a connect to a target goes. A non-blocking one cannot wait: it goes to the preferred address of its list.
 * A blocking one cannot be repeated (the JDK closes the {@code Socket} or {@code SocketChannel} when its connect
 * fails), so before it runs, the router finds an address that accepts with a private probe connect (the connect's
 * timeout, closed at once): one pass over {@code ConnectionNameList} from its preferred address, or the address
 * itself, then further passes on the agent's {@link RetryLoop} under the reconnect policy. When the policy ends,
 * the connect goes to the address the application asked for, so the application gets the JDK's own exception.
 */
final class ConnectRouter {
    private final Clock clock;
    private final Sleeper sleeper;
    private final Random random = new Random();
    private final ThreadLocal<Boolean> probing = new ThreadLocal<>();

    ConnectRouter(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Whether this thread is making a probe connect: that connect is the router's own, not the application's. */
    boolean isProbing() {
        return probing.get() != null;
    }

    /** A non-blocking connect goes to the preferred address of its list. */
    static SocketAddress nonBlocking(AddressList list, InetSocketAddress requested, int listIndex) {
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
    SocketAddress blocking(SocketConfig c, InetSocketAddress requested, int timeoutMillis, boolean target, boolean inList) {
        IOException firstFailure;
        try {
            // Before the loop: the policy's time starts when the first pass has failed.
            return pass(c, requested, inList, 1, timeoutMillis, null);
        } catch (IOException e) {
            firstFailure = e;
        }
        if (!target) {
            Log.info("socket {}: no address of ConnectionNameList accepts ({}); the connect goes on to {}", show(requested),
                    firstFailure, show(requested));
            return requested;
        }
        RetryLoop loop = RetryLoop.start(c.policy, clock, sleeper, random);
        RetryLoop.Result<InetSocketAddress> r = loop.run(firstFailure,
                n -> pass(c, requested, inList, n + 1, timeoutMillis, loop), failure -> true, new RetryLoop.Listener() {
                    @Override
                    public void beforeWait(int retry, long delayMillis, Throwable lastFailure) {
                        // The loop's retry n comes after the failure of the connect's attempt n (the first pass is attempt 1).
                        Log.info("socket {}: attempt {} failed ({}); next attempt in {} ms", show(requested), retry, lastFailure, delayMillis);
                    }
                });
        switch (r.outcome()) {
            case SUCCEEDED:
                return r.value();
            case INTERRUPTED:
                Thread.currentThread().interrupt(); // the connect goes ahead; the application sees its interrupt
                return requested;
            default:
                Log.info("socket {}: attempt {} failed ({}); giving up after {} ms ({}); the application gets the connect's own exception",
                        show(requested), r.attempts() + 1, r.lastFailure(), r.elapsedMillis(), c.policy);
                return requested;
        }
    }

    /**
     * One attempt: a probe of the address itself, or one pass over the list from its preferred address, where an
     * address that refuses hands the preference on and the next is probed at once.
     *
     * @param loop the retry loop, whose remaining time of {@code MQReconnectTimeout} bounds each probe's timeout; null
     *             for the first pass, before the loop: the whole timeout
     * @throws IOException the last address's failure
     */
    private InetSocketAddress pass(SocketConfig c, InetSocketAddress requested, boolean inList, int attempt, int timeoutMillis,
                                   RetryLoop loop) throws IOException {
        int[] order = inList ? c.list.order() : null;
        int n = order == null ? 1 : order.length;
        IOException last = null;
        boolean failedOver = false;
        for (int k = 0; k < n; k++) {
            InetSocketAddress candidate = order == null ? requested : resolveOrNull(c.list, order[k]);
            if (candidate == null) {
                continue;
            }
            try {
                probe(candidate, probeTimeout(timeoutMillis, loop == null ? c.policy.timeoutMillis() : loop.remainingMillis()));
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
        throw last != null ? last : new UnknownHostException("no address of ConnectionNameList resolves");
    }

    private static InetSocketAddress resolveOrNull(AddressList list, int index) {
        InetSocketAddress a = list.resolve(index);
        return a.isUnresolved() ? null : a;
    }

    /** The connect's own timeout, no longer than what is left of {@code MQReconnectTimeout}; 0 is the JDK's "none". */
    private static int probeTimeout(int timeoutMillis, long remainingMillis) {
        long left = Math.max(1, Math.min(remainingMillis, Integer.MAX_VALUE));
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

    private static void logFailOver(InetSocketAddress requested, InetSocketAddress to) {
        Log.info("socket {}: fail-over: connecting to {}, the preferred address of ConnectionNameList (logged once until"
                + " the preference changes)", show(requested), show(to));
    }

    /** {@code host:port}, as the log shows an address. */
    static String show(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
