package io.reattach.jms;

import io.reattach.log.Causes;
import io.reattach.log.Log;

import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides whether an exception from a provider call means that the connection broke, and reports a broken one to
 * the {@link Reconnector}. {@link FailureKind} answers from the exception alone; when it cannot, a probe asks the
 * provider connection itself.
 */
final class FailureDetector {

    private static final int AUTO_ACKNOWLEDGE = 1;

    private final ConnectionState state;
    private final Reconnector reconnector;
    private final ObjectNode root;
    private final ExceptionListeners listeners;
    private final String owner;
    private final AtomicInteger reattaches = new AtomicInteger();
    private WeakReference<Throwable> lastFailover = new WeakReference<>(null);

    FailureDetector(ConnectionState state, Reconnector reconnector, ObjectNode root, ExceptionListeners listeners, String owner) {
        this.state = state;
        this.reconnector = reconnector;
        this.root = root;
        this.listeners = listeners;
        this.owner = owner;
    }

    /** Whether a call's exception means the connection broke; if so, the reconnect is under way on return. */
    boolean isConnectionFailure(Throwable failure, long gen) {
        switch (FailureKind.of(failure)) {
            case APPLICATION:
                // What a provider says about a call on a connection already known to be broken is not the
                // application's error (Qpid: a commit on a failed connection throws TransactionRolledBackException):
                // the call is made again on the new connection, where a real application error comes again.
                return !state.isCurrent(gen) && state.state() != ConnectionState.State.CLOSED;
            case CONNECTION:
                reconnector.onFailure(gen, failure);
                return true;
            default:
                return isBroken(gen, failure);
        }
    }

    /** Whether the provider objects of {@code gen} are dead (a probe asks when nothing else says so). */
    boolean isBroken(long gen) {
        return isBroken(gen, null);
    }

    /**
     * What the agent's ExceptionListener on a provider connection heard. Only the connection that serves the
     * application now counts: a half-built connection of a failed reconnect attempt reports its own close.
     */
    void onProviderException(long gen, Object providerConnection, Throwable failure) {
        if (providerConnection != root.delegate()) {
            return;
        }
        Log.debug("{}: the provider reports {}", owner, Causes.summary(failure));
        if (ArtemisReattach.isClientReconnect(failure)) {
            if (!state.isCurrent(gen)) {
                return; // a provider connection that does not serve the application (yet, or any more)
            }
            if (ArtemisReattach.sessionsKept(root)) {
                if (!isSameFailover(failure.getCause())) {
                    reattaches.incrementAndGet();
                    Log.info("{}: the ActiveMQ Artemis client re-attached to the sessions the broker kept ({}): nothing to rebuild",
                            owner, Causes.summary(failure));
                }
                return;
            }
            Log.info("{}: the ActiveMQ Artemis client reconnected, but the broker had lost the session(s): rebuilding", owner);
        } else if (FailureKind.of(failure) == FailureKind.APPLICATION) {
            listeners.deliver(failure); // e.g. an asynchronous send error: not ours to hide
            return;
        }
        reconnector.onFailure(gen, failure);
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
        Throwable probeFailure = probe();
        if (probeFailure == null) {
            return false;
        }
        reconnector.onFailure(gen, seen != null ? seen : probeFailure);
        return true;
    }

    /**
     * Asks the provider connection for a new session (and closes it): the cheapest call that needs the broker.
     * Returns the failure, or null when the connection answered.
     */
    private Throwable probe() {
        Object connection = root.delegate();
        try {
            Object session;
            if (root.role == Role.CONTEXT) {
                // Contexts create their session lazily (Artemis): a producer makes the child context create one.
                session = JmsApi.interfaceMethod(connection, "createContext", int.class).invoke(connection, AUTO_ACKNOWLEDGE);
                try {
                    JmsApi.interfaceMethod(session, "createProducer").invoke(session);
                } catch (InvocationTargetException e) {
                    JmsApi.interfaceMethod(session, "close").invoke(session);
                    throw e;
                }
            } else {
                session = JmsApi.interfaceMethod(connection, "createSession", boolean.class, int.class).invoke(connection, false, AUTO_ACKNOWLEDGE);
            }
            JmsApi.interfaceMethod(session, "close").invoke(session);
            return null;
        } catch (InvocationTargetException e) {
            return FailureKind.of(e.getCause()) == FailureKind.APPLICATION ? null : e.getCause();
        } catch (Throwable t) {
            Log.internalError("probing " + owner, t);
            return null;
        }
    }
}
