package io.reattach.jms;

import io.reattach.config.Settings;
import io.reattach.log.Log;
import io.reattach.policy.Backoff;
import io.reattach.policy.ReconnectEvent;

import java.lang.reflect.Method;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One application connection (a Connection or a JMSContext) and the provider connections that serve it in
 * turn. Owns the state machine: CONNECTED → RECONNECTING → CONNECTED again, or FAILED when the policy gives
 * up, or CLOSED by the application. One failure causes exactly one reconnect, however many threads notice
 * it: every failure is reported with the generation of the provider objects it was seen on, and only a
 * failure of the current generation starts a reconnect.
 */
final class ManagedConnection {

    enum State { CONNECTED, RECONNECTING, FAILED, CLOSED }

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int AUTO_ACKNOWLEDGE = 1;

    final int id = IDS.incrementAndGet();
    final JmsApi api;
    final ManagedObject root;
    private final JmsInterceptor interceptor;
    private final Object factory;
    private final Method factoryMethod;
    private final Object[] factoryArgs;

    private State state = State.CONNECTED;
    /** {@link System#nanoTime()} at which {@code MQReconnectTimeout} ends the current reconnect. */
    private long reconnectDeadline;
    private Thread reconnectThread;
    private long generation;
    private Throwable lastFailure;
    private int reconnects;
    private volatile Object applicationListener;
    private volatile boolean listenerInstalled;

    ManagedConnection(JmsInterceptor interceptor, JmsApi api, Object factory, Method factoryMethod, Object[] factoryArgs,
                      Object providerConnection) {
        this.interceptor = interceptor;
        this.api = api;
        this.factory = factory;
        this.factoryMethod = factoryMethod;
        this.factoryArgs = factoryArgs == null ? new Object[0] : factoryArgs.clone();
        String type = factoryMethod.getName().equals("createContext") ? "JMSContext" : "Connection";
        this.root = new ManagedObject(this, null, null, null, type, providerConnection, 0);
    }

    Object proxy() {
        return root.proxy;
    }

    String describe() {
        return "connection #" + id + " (" + factory.getClass().getSimpleName() + "." + factoryMethod.getName() + ")";
    }

    private Settings settings() {
        return interceptor.settings();
    }

    // ---- the application's exception listener ----

    void setApplicationListener(Object listener) {
        applicationListener = listener;
    }

    Object applicationListener() {
        return applicationListener;
    }

    /**
     * Installs the agent's own exception listener on the provider connection before the first call that is not
     * {@code setClientID}: some providers allow a client ID only as the very first call on a new connection.
     */
    void beforeRootCall(Method method) {
        if (!listenerInstalled && !method.getName().equals("setClientID")) {
            synchronized (this) {
                if (!listenerInstalled) {
                    installListener(root.delegate(), generation);
                }
            }
        }
    }

    private void installListener(Object providerConnection, final long gen) {
        try {
            Method set = JmsApi.interfaceMethod(providerConnection, "setExceptionListener", api.load("ExceptionListener"));
            set.invoke(providerConnection, api.exceptionListener(failure -> onProviderException(gen, failure)));
            listenerInstalled = true;
        } catch (Throwable t) {
            Log.internalError("installing the exception listener on " + providerConnection.getClass().getName(), t);
        }
    }

    private void onProviderException(long gen, Throwable failure) {
        if (FailureKind.of(failure) == FailureKind.APPLICATION) {
            deliverToApplication(failure); // e.g. an asynchronous send error: not ours to hide
            return;
        }
        onFailure(gen, failure);
    }

    // ---- failure detection ----

    /** Whether a call's exception means the connection broke; if so, the reconnect is under way on return. */
    boolean isConnectionFailure(Throwable failure, long gen) {
        switch (FailureKind.of(failure)) {
            case APPLICATION:
                return false;
            case CONNECTION:
                onFailure(gen, failure);
                return true;
            default:
                return isBroken(gen, failure);
        }
    }

    boolean isBroken(long gen) {
        return isBroken(gen, null);
    }

    private boolean isBroken(long gen, Throwable seen) {
        synchronized (this) {
            if (gen != generation || state != State.CONNECTED) {
                return state != State.CLOSED;
            }
        }
        Throwable probeFailure = probe();
        if (probeFailure == null) {
            return false;
        }
        onFailure(gen, seen != null ? seen : probeFailure);
        return true;
    }

    /**
     * Asks the provider connection for a new session (and closes it): the cheapest call that needs the broker.
     * Used only when an exception does not say whether the connection broke. Returns the failure, or null.
     */
    private Throwable probe() {
        Object connection = root.delegate();
        try {
            Object session;
            if (root.type.equals("JMSContext")) {
                // Contexts create their session lazily (Artemis): a producer makes the child context create one.
                session = JmsApi.interfaceMethod(connection, "createContext", int.class).invoke(connection, AUTO_ACKNOWLEDGE);
                try {
                    JmsApi.interfaceMethod(session, "createProducer").invoke(session);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    JmsApi.interfaceMethod(session, "close").invoke(session);
                    throw e;
                }
            } else {
                session = JmsApi.interfaceMethod(connection, "createSession", boolean.class, int.class).invoke(connection, false, AUTO_ACKNOWLEDGE);
            }
            JmsApi.interfaceMethod(session, "close").invoke(session);
            return null;
        } catch (java.lang.reflect.InvocationTargetException e) {
            return FailureKind.of(e.getCause()) == FailureKind.APPLICATION ? null : e.getCause();
        } catch (Throwable t) {
            Log.internalError("probing " + describe(), t);
            return null;
        }
    }

    private void onFailure(long gen, Throwable cause) {
        synchronized (this) {
            if (gen != generation || state != State.CONNECTED) {
                return;
            }
            lastFailure = cause;
            if (!settings().reconnectEnabled()) {
                state = State.FAILED;
                notifyAll();
                return;
            }
            state = State.RECONNECTING;
            reconnectDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings().reconnectPolicy().timeoutMillis());
            reconnectThread = new Thread(() -> reconnect(gen, cause), "reattach-reconnect-" + id);
            reconnectThread.setDaemon(true);
            reconnectThread.start();
        }
    }

    /**
     * Blocks a call that failed with the connection until the reconnect is over, and never past
     * {@code MQReconnectTimeout}: a provider's connect attempt can take longer than the schedule says (Artemis
     * waits its own retry interval inside one), so the first waiter that reaches the deadline ends the reconnect.
     *
     * @param deadline {@link System#nanoTime()} after which to give up waiting (receive with a timeout), or 0
     * @return true to repeat the call on the new connection; false when the call's own deadline passed first
     * @throws Throwable the call's own failure, when the reconnect failed or the application closed the connection
     */
    synchronized boolean awaitRecovery(long gen, long deadline, Throwable failure) throws Throwable {
        while (true) {
            if (state == State.FAILED || state == State.CLOSED) {
                throw failure;
            }
            if (state == State.CONNECTED) {
                if (generation != gen) {
                    return true;
                }
                throw failure; // nothing is reconnecting this generation: the failure stands
            }
            long now = System.nanoTime();
            if (reconnectDeadline - now <= 0) {
                expire();
                throw failure;
            }
            if (deadline != 0 && deadline - now <= 0) {
                return false;
            }
            long until = deadline != 0 && deadline - reconnectDeadline < 0 ? deadline : reconnectDeadline;
            TimeUnit.NANOSECONDS.timedWait(this, until - now);
        }
    }

    /** The timeout passed while an attempt was still running: fail now and stop the attempt. */
    private void expire() {
        state = State.FAILED;
        notifyAll();
        if (reconnectThread != null) {
            reconnectThread.interrupt(); // the reconnect thread announces RECONNECT_FAILED on its way out
        }
    }

    synchronized boolean isReconnecting() {
        return state == State.RECONNECTING;
    }

    synchronized Throwable lastFailure() {
        return lastFailure;
    }

    // ---- the reconnect ----

    private void reconnect(long failedGeneration, Throwable cause) {
        closeInBackground(root.delegate());
        Log.info("{}: connection lost ({}); reconnecting", describe(), summary(cause));
        emit(ReconnectEvent.RECONNECTING, cause);
        Backoff backoff = settings().reconnectPolicy().start(interceptor.clock(), interceptor.random());
        Throwable last = cause;
        while (true) {
            long delay = backoff.nextDelayMillis();
            if (delay == Backoff.STOP) {
                giveUp(cause, last, backoff);
                return;
            }
            Log.debug("{}: reconnect attempt {} in {} ms", describe(), backoff.attempts(), delay);
            sleep(delay);
            if (stopped(cause, last, backoff)) {
                return;
            }
            Map<ManagedObject, Object> fresh;
            try {
                fresh = rebuild(failedGeneration + 1);
            } catch (Throwable t) {
                last = t;
                Log.debug("{}: reconnect attempt {} failed: {}", describe(), backoff.attempts(), summary(t));
                if (stopped(cause, last, backoff)) {
                    return;
                }
                continue;
            }
            synchronized (this) {
                if (state != State.RECONNECTING) {
                    closeInBackground(fresh.get(root));
                    announceStop(cause, last, backoff);
                    return;
                }
                generation = failedGeneration + 1;
                for (Map.Entry<ManagedObject, Object> e : fresh.entrySet()) {
                    e.getKey().switchTo(e.getValue(), generation);
                }
                state = State.CONNECTED;
                reconnectThread = null; // what follows (events) runs application code: close() must not interrupt it
                reconnects++;
                notifyAll();
            }
            refreshStale(root);
            startAgain(fresh);
            Log.info("{}: reconnected after {} attempt(s) in {} ms", describe(), backoff.attempts(), backoff.elapsedMillis());
            emit(ReconnectEvent.RECONNECTED, cause);
            return;
        }
    }

    /**
     * Builds the whole tree again on a new provider connection: the connection with its setters (client ID
     * first) and the agent's listener, then every open session, producer, consumer and browser, parents first.
     * Nothing is switched over until all of it exists.
     */
    private Map<ManagedObject, Object> rebuild(long newGeneration) throws Throwable {
        long started = System.nanoTime();
        Object connection = interceptor.callFactory(factory, factoryMethod, factoryArgs);
        long connected = System.nanoTime();
        Map<ManagedObject, Object> fresh = new LinkedHashMap<>();
        try {
            root.replaySetters(connection);
            installListener(connection, newGeneration);
            fresh.put(root, connection);
            rebuildChildren(root, connection, fresh);
            Log.debug("{}: new provider connection in {} ms; it and {} object(s) on it set up in {} ms", describe(),
                    TimeUnit.NANOSECONDS.toMillis(connected - started), fresh.size() - 1,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connected));
            return fresh;
        } catch (Throwable t) {
            closeInBackground(connection);
            throw t;
        }
    }

    private static void rebuildChildren(ManagedObject parent, Object parentDelegate, Map<ManagedObject, Object> fresh) throws Throwable {
        for (ManagedObject child : parent.children) {
            if (!child.isClosed()) {
                Object delegate = child.recreate(parentDelegate);
                fresh.put(child, delegate);
                rebuildChildren(child, delegate, fresh);
            }
        }
    }

    /**
     * Objects the application created on the dead connection while the tree was being rebuilt missed the
     * rebuild; they are brought up now, so that a consumer with a listener gets its messages.
     */
    private void refreshStale(ManagedObject parent) {
        for (ManagedObject child : parent.children) {
            try {
                child.currentDelegate();
            } catch (Throwable t) {
                Log.debug("{}: rebuilding a {} created during the reconnect failed: {}", describe(), child.type, summary(t));
            }
            refreshStale(child);
        }
    }

    /** Starts what the application had started; only now, so that no delivery races the switch-over. */
    private void startAgain(Map<ManagedObject, Object> fresh) {
        for (Map.Entry<ManagedObject, Object> e : fresh.entrySet()) {
            if (e.getKey().isStarted()) {
                try {
                    JmsApi.interfaceMethod(e.getValue(), "start").invoke(e.getValue());
                } catch (java.lang.reflect.InvocationTargetException ex) {
                    isConnectionFailure(ex.getCause(), generationNow());
                } catch (Throwable t) {
                    Log.internalError("restarting " + describe(), t);
                }
            }
        }
    }

    private synchronized long generationNow() {
        return generation;
    }

    private void giveUp(Throwable cause, Throwable last, Backoff backoff) {
        synchronized (this) {
            if (state == State.RECONNECTING) {
                state = State.FAILED;
                notifyAll();
            }
        }
        announceStop(cause, last, backoff);
    }

    /** Whether the application closed the connection or a waiter hit the timeout; if so, says so. */
    private boolean stopped(Throwable cause, Throwable last, Backoff backoff) {
        synchronized (this) {
            if (state == State.RECONNECTING) {
                return false;
            }
        }
        announceStop(cause, last, backoff);
        return true;
    }

    private void announceStop(Throwable cause, Throwable last, Backoff backoff) {
        Thread.interrupted(); // an interrupt from close() or expire() has done its work
        synchronized (this) {
            if (state != State.FAILED) {
                return; // closed by the application: nothing to announce
            }
        }
        Log.warn("{}: giving up after {} attempt(s) in {} ms; last attempt failed with {}; the application now gets the failure: {}",
                describe(), backoff.attempts(), backoff.elapsedMillis(), summary(last), summary(cause));
        emit(ReconnectEvent.RECONNECT_FAILED, cause);
    }

    /** Waits before an attempt; close() and the timeout cut the wait short (notify or interrupt). */
    private synchronized void sleep(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            for (long left = millis; state == State.RECONNECTING && left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                wait(left);
            }
        } catch (InterruptedException e) {
            // close() or expire(): the state says which
        }
    }

    // ---- close ----

    void close(Object providerConnection) throws Throwable {
        State before;
        synchronized (this) {
            before = state;
            state = State.CLOSED;
            notifyAll();
            if (reconnectThread != null) {
                reconnectThread.interrupt(); // an attempt in progress ends now, not when the provider gives up
            }
        }
        if (before != State.CONNECTED) {
            closeInBackground(providerConnection); // dead already; its close may wait for a broker that is gone
            return;
        }
        try {
            JmsApi.interfaceMethod(providerConnection, "close").invoke(providerConnection);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (FailureKind.of(e.getCause()) == FailureKind.APPLICATION) {
                throw e.getCause();
            }
        }
    }

    private void closeInBackground(final Object providerObject) {
        if (providerObject == null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                JmsApi.interfaceMethod(providerObject, "close").invoke(providerObject);
            } catch (Throwable ignored) {
                // it is dead already; closing only frees the provider's resources
            }
        }, "reattach-close-" + id);
        t.setDaemon(true);
        t.start();
    }

    // ---- events ----

    private void emit(ReconnectEvent event, Throwable cause) {
        Object listener = applicationListener;
        if (listener == null || !settings().exceptionListenerEvents().contains(event)) {
            return;
        }
        deliverToApplication(api.exception("JMSException", "Reattach: " + describe() + ": " + event, event.name(), cause));
    }

    private void deliverToApplication(Throwable exception) {
        Object listener = applicationListener;
        if (listener == null) {
            return;
        }
        try {
            JmsApi.interfaceMethod(listener, "onException", api.load("JMSException")).invoke(listener, exception);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Log.warn("{}: the application's ExceptionListener threw {}", describe(), summary(e.getCause()));
        } catch (Throwable t) {
            Log.internalError("calling the application's ExceptionListener", t);
        }
    }

    static String summary(Throwable t) {
        if (t == null) {
            return "none";
        }
        StringBuilder sb = new StringBuilder(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        Throwable root = t;
        IdentityHashMap<Throwable, Boolean> seen = new IdentityHashMap<>();
        while (root.getCause() != null && seen.put(root, Boolean.TRUE) == null) {
            root = root.getCause();
        }
        if (root != t) {
            sb.append(" (caused by ").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage()).append(')');
        }
        return sb.toString();
    }
}
