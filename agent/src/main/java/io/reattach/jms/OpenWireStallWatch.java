package io.reattach.jms;

import io.reattach.log.Log;
import io.reattach.policy.Clock;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Finds stalled ActiveMQ Classic (OpenWire) connections within {@code StallTimeout}, where the client's own
 * inactivity monitor cannot (see {@link StallTimings}): it looks at each connection's transport receive counter
 * every {@link StallTimings#watchPeriodMillis()}, and a connection that read nothing for
 * {@link StallTimings#silenceMillis()} is failed the way the client's own monitor fails it, with an
 * {@code IOException} into its transport. That ends the calls waiting on it (their requests fail) and reaches the
 * agent's exception listener, so the connection is rebuilt like any other failure. The broker's keep-alives
 * ({@code wireFormat.maxInactivityDuration}, set by {@link ProviderTuning}) keep an idle healthy connection reading.
 *
 * <p>One daemon thread ({@code reattach-stall-watch}) while anything is watched; reflective, nothing is compiled
 * against the client.
 */
final class OpenWireStallWatch {

    static final String CONNECTION = "org.apache.activemq.ActiveMQConnection";

    private static final ProviderMethod GET_TRANSPORT = ProviderMethod.getter("getTransport",
            "org.apache.activemq.transport.Transport");
    private static final ProviderMethod GET_RECEIVE_COUNTER = ProviderMethod.getter("getReceiveCounter", "int");
    private static final ProviderMethod IS_CLOSED = ProviderMethod.getter("isClosed", "boolean");
    private static final ProviderMethod IS_TRANSPORT_FAILED = ProviderMethod.getter("isTransportFailed", "boolean");
    private static final ProviderMethod ON_EXCEPTION = new ProviderMethod("onException", new String[]{"void"},
            "java.io.IOException");

    static final OpenWireStallWatch INSTANCE = new OpenWireStallWatch(Clock.system(), true);

    private final Clock clock;
    /** False in unit tests, which call {@link #look()} themselves. */
    private final boolean lookByItself;
    private final List<Watched> watched = new CopyOnWriteArrayList<>();
    private ScheduledThreadPoolExecutor executor;
    private ScheduledFuture<?> looking;
    private long lookPeriodMillis;

    OpenWireStallWatch(Clock clock, boolean lookByItself) {
        this.clock = clock;
        this.lookByItself = lookByItself;
    }

    /**
     * One watched provider connection. Its transport and first count are read on the watch thread's first look, not
     * on the application's: the method handles and their forms cost the application's first connection several
     * milliseconds (BENCHMARKS.md, "Time to first send"). Counting the silence from that first look instead of from
     * {@link #watch} finds a stall at most one period later, still within {@code StallTimeout}: the silence leaves
     * two periods of it (see {@link StallTimings#silenceMillis()}).
     */
    private final class Watched {
        final WeakReference<Object> connection;
        final long silenceNanos;
        final String owner;
        /** Null until the first look. */
        Object transport;
        long lastCount;
        long lastChangeNanos;

        Watched(Object connection, long silenceMillis, String owner) {
            this.connection = new WeakReference<>(connection);
            this.silenceNanos = TimeUnit.MILLISECONDS.toNanos(silenceMillis);
            this.owner = owner;
        }

        /** Reads the transport and its count; the silence counts from now. */
        void start(Object c, long now) throws Throwable {
            transport = GET_TRANSPORT.call(c);
            lastCount = count();
            lastChangeNanos = now;
        }

        long count() throws Throwable {
            return ((Number) GET_RECEIVE_COUNTER.call(transport)).longValue();
        }

        /** Null when the connection is gone: collected, closed or failed. */
        Object connectionIfLive() throws Throwable {
            Object c = connection.get();
            return c == null || (Boolean) IS_CLOSED.call(c) || (Boolean) IS_TRANSPORT_FAILED.call(c) ? null : c;
        }

        void fail(long silentMillis) throws Throwable {
            Log.info("{}: nothing arrived from the broker for {} ms: the connection is stalled; failing it", owner, silentMillis);
            IOException stalled = new IOException("Reattach: nothing arrived from the broker for " + silentMillis
                    + " ms (StallTimeout); the connection is stalled");
            ON_EXCEPTION.call(transport, stalled);
        }
    }

    /** Watches {@code providerConnection} if it is ActiveMQ Classic's and the timings are on. */
    void watch(Object providerConnection, StallTimings timings, String owner) {
        if (!timings.enabled() || providerConnection == null || !ProviderTuning.is(providerConnection, CONNECTION)) {
            return;
        }
        try {
            watched.add(new Watched(providerConnection, timings.silenceMillis(), owner));
            schedule(timings.watchPeriodMillis());
        } catch (Throwable t) {
            Log.internalError("watching an ActiveMQ Classic connection for stalls (its own inactivity monitor stays)", t);
        }
    }

    /**
     * Stops watching the provider connections of {@code owner} (the application closed it; a half-built connection of
     * an attempt it ended included): with nothing left to watch, the thread ends now rather than after its next look,
     * so that no agent thread outlives the application's {@code close()}.
     */
    void unwatch(String owner) {
        for (Watched w : watched) {
            if (w.owner.equals(owner)) {
                watched.remove(w);
            }
        }
        if (watched.isEmpty()) {
            stopLooking();
        }
    }

    /** One look at every watched connection; the watch thread calls it every period. */
    void look() {
        long now = clock.nanoTime();
        for (Watched w : watched) {
            try {
                Object c = w.connectionIfLive();
                if (c == null) {
                    watched.remove(w);
                    continue;
                }
                if (w.transport == null) {
                    w.start(c, now);
                    continue;
                }
                long count = w.count();
                if (count != w.lastCount) {
                    w.lastCount = count;
                    w.lastChangeNanos = now;
                } else if (now - w.lastChangeNanos >= w.silenceNanos) {
                    watched.remove(w);
                    w.fail(TimeUnit.NANOSECONDS.toMillis(now - w.lastChangeNanos));
                }
            } catch (Throwable t) {
                watched.remove(w);
                Log.internalError("watching " + w.owner + " for stalls (its own inactivity monitor stays)", t);
            }
        }
        if (watched.isEmpty()) {
            stopLooking();
        }
    }

    int watching() {
        return watched.size();
    }

    private synchronized void schedule(long periodMillis) {
        if (!lookByItself || looking != null && lookPeriodMillis <= periodMillis) {
            return;
        }
        if (looking != null) {
            looking.cancel(false);
        }
        if (executor == null) {
            executor = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("reattach-stall-watch"));
            executor.setRemoveOnCancelPolicy(true);
            executor.setKeepAliveTime(100, TimeUnit.MILLISECONDS);
            executor.allowCoreThreadTimeOut(true); // no thread while nothing is watched
        }
        lookPeriodMillis = periodMillis;
        looking = executor.scheduleWithFixedDelay(new Look(), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** The watch thread's task: {@link #look} every period. */
    private final class Look implements Runnable {
        @Override
        public void run() {
            look();
        }
    }

    private synchronized void stopLooking() {
        if (looking != null && watched.isEmpty()) {
            looking.cancel(false);
            looking = null;
        }
    }
}
