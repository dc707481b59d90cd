package io.reattach.jms;

import io.reattach.log.Causes;
import io.reattach.log.Log;

import java.lang.ref.WeakReference;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides whether an exception from a provider call means that the connection broke, and reports a broken one to the
 * {@link Reconnector}. The rule is one for every provider, and it does not read the exception: its class, checked or
 * not, its cause or the lack of one, its message, say nothing reliable (RabbitMQ's client lets an unchecked
 * {@code AlreadyClosedException} without a cause escape a send on a dead connection; an application's
 * {@code MessageFormatException} can have an {@code IOException} as its cause). What decides is the connection:
 * <ul>
 * <li>the provider objects the call was made on are no longer the current ones, or an outage began already: the
 * provider reported the loss (its ExceptionListener) or another call found it first. A connection failure.</li>
 * <li>otherwise the {@link ConnectionProbe} asks the connection for a new session: it cannot give one, a connection
 * failure (the outage begins now); it gives one, the application's own error on a healthy connection, which passes
 * through unchanged.</li>
 * </ul>
 * The probe runs only after an exception: a call that works costs nothing.
 */
final class FailureDetector {

    private final ConnectionState state;
    private final Reconnector reconnector;
    private final ObjectNode root;
    private final ExceptionListeners listeners;
    private final String owner;
    private final AtomicInteger reattaches = new AtomicInteger();
    private WeakReference<Throwable> lastFailover = new WeakReference<>(null);
    /**
     * What provider connections reported while the agent was still building on them, before any served, by connection
     * (an outage's attempts share its generation): kept until one serves ({@link #servesNow}). Guarded by this.
     */
    private final Map<Object, Throwable> reportsBeforeServing = new IdentityHashMap<>();

    FailureDetector(ConnectionState state, Reconnector reconnector, ObjectNode root, ExceptionListeners listeners, String owner) {
        this.state = state;
        this.reconnector = reconnector;
        this.root = root;
        this.listeners = listeners;
        this.owner = owner;
    }

    /**
     * Whether a call's exception, any exception, means the connection broke (see the class comment); if so, the
     * reconnect is under way on return.
     */
    boolean isConnectionFailure(Throwable failure, long gen) {
        return isBroken(gen, failure);
    }

    /** Whether the provider objects of {@code gen} are dead (the probe asks when nothing else says so). */
    boolean isBroken(long gen) {
        return isBroken(gen, null);
    }

    /**
     * What the agent's ExceptionListener on a provider connection heard, on the provider's thread. Providers report
     * there the loss of the connection and also asynchronous errors of the application's (a failed asynchronous send,
     * a consumer the broker closed): the rule above decides which, on the agent's own thread, since the probe may need
     * the provider's. An application error goes on to the application's listener, as without the agent. Only the
     * connection that serves the application counts: a half-built connection of a failed attempt reports its own close.
     */
    void onProviderException(long gen, Object providerConnection, Throwable failure) {
        if (providerConnection != root.delegate() || !state.isCurrent(gen)) {
            keepIfNotServingYet(gen, providerConnection, failure);
            return; // not the serving connection, or its outage has begun (or it is closed): nothing more to decide
        }
        Log.debug("{}: the provider reports {}", owner, Causes.summary(failure));
        if (ArtemisReattach.isClientReconnect(failure)) {
            if (ArtemisReattach.sessionsKept(root)) {
                if (!isSameFailover(failure.getCause())) {
                    reattaches.incrementAndGet();
                    Log.info("{}: the ActiveMQ Artemis client re-attached to the sessions the broker kept ({}): nothing to rebuild",
                            owner, Causes.summary(failure));
                }
                return;
            }
            Log.info("{}: the ActiveMQ Artemis client reconnected, but the broker had lost the session(s): rebuilding", owner);
            reconnector.onFailure(gen, failure);
            return;
        }
        Background.run("deciding what " + owner + " reported", () -> {
            if (!isBroken(gen, failure)) {
                listeners.deliver(failure);
            }
        });
    }

    /**
     * A report of the next generation comes from a connection the reconnect is building: once built, nothing may ask it
     * anything before it serves (a consumer that only listens makes no call that could fail), so what it reported must
     * not be lost with the rule above. Each connection's first report is kept; {@link #servesNow} decides on it.
     */
    private synchronized void keepIfNotServingYet(long gen, Object providerConnection, Throwable failure) {
        if (gen > state.generation() && !reportsBeforeServing.containsKey(providerConnection)) {
            reportsBeforeServing.put(providerConnection, failure);
        }
    }

    /**
     * {@code providerConnection} serves the application from now on (the switch-over is done): what it reported while
     * it was being built is decided now, as if it had just reported it; what another attempt's connection reported is
     * forgotten.
     */
    void servesNow(Object providerConnection) {
        Throwable failure;
        synchronized (this) {
            failure = reportsBeforeServing.get(providerConnection);
            reportsBeforeServing.clear();
        }
        if (failure != null) {
            Log.debug("{}: the new provider connection reported {} before it served", owner, Causes.summary(failure));
            onProviderException(state.generation(), providerConnection, failure);
        }
    }

    /**
     * The agent itself found the serving provider connection broken (it ended the Artemis client's own reconnect,
     * which had outlasted its bound): the reconnect starts without a probe, which would wait on that very connection.
     */
    void connectionBroken(long gen, Object providerConnection, Throwable failure) {
        if (providerConnection == root.delegate() && state.isCurrent(gen)) {
            reconnector.onFailure(gen, failure);
        }
    }

    /**
     * A call on {@code node} failed with what looks like the application's error, but the provider had replaced the
     * node's session by itself (the Artemis client recreated it after the broker lost it: a transaction that did work
     * is then rollback-only). That is the connection's failure: the reconnect is under way on return.
     */
    boolean providerLostSession(ObjectNode node, long gen, Throwable failure) {
        ObjectNode session = node.session();
        if (session == null || session.providerSessionName() == null || ArtemisReattach.sessionKept(session)
                || !state.isCurrent(gen)) {
            return false;
        }
        Log.info("{}: the ActiveMQ Artemis client had recreated a session the broker lost: rebuilding ({})", owner,
                Causes.summary(failure));
        reconnector.onFailure(gen, failure);
        return true;
    }

    /** The client tells each of its sessions' listeners of one reconnect, with the same cause: counted once. */
    private synchronized boolean isSameFailover(Throwable cause) {
        boolean same = lastFailover.get() == cause;
        lastFailover = new WeakReference<>(cause);
        return same;
    }

    /** Network failures the provider recovered from by re-attaching to the sessions the broker kept (Artemis). */
    int reattaches() {
        return reattaches.get();
    }

    private boolean isBroken(long gen, Throwable seen) {
        if (!state.isCurrent(gen)) {
            return state.state() != ConnectionState.State.CLOSED;
        }
        Throwable probeFailure = ConnectionProbe.check(root.delegate(), root.role, owner);
        if (probeFailure == null) {
            // Healthy, unless an outage of gen began (or even ended) while the probe ran: then the probe may have
            // asked a connection that is already the next one.
            return !state.isCurrent(gen) && state.state() != ConnectionState.State.CLOSED;
        }
        reconnector.onFailure(gen, seen != null ? seen : probeFailure);
        return true;
    }
}
