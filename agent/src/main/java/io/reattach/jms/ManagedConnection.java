package io.reattach.jms;

import io.reattach.config.Settings;
import io.reattach.log.Log;
import io.reattach.policy.Backoff;
import io.reattach.policy.ReconnectEvent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.SecureRandom;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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

    /**
     * Starts every duplicate-detection id this JVM stamps: random per JVM, so that ids never repeat across
     * restarts, and recognisable, so that an id the agent stamped on a message object is not taken for the
     * application's own when the application sends that object again.
     */
    static final String DUPLICATE_ID_PREFIX = "reattach-" + Long.toHexString(new SecureRandom().nextLong()) + "-";
    private static final AtomicLong DUPLICATE_IDS = new AtomicLong();

    final int id = IDS.incrementAndGet();
    final JmsApi api;
    final ManagedObject root;
    /** The confirmation window: sends of unknown outcome, replayed after a reconnect. */
    final SendBuffer buffer;
    private volatile Messages messages;
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
    private long lastFailureMillis;
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
        this.buffer = new SendBuffer(describe());
        ConnectionStatusView.register(this); // last: the status bean may read any field from now on
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

    // ---- the send buffer (SendBuffer) and its counters ----

    /**
     * {@code ConfirmationWindowSize}: bytes of unconfirmed sends kept; -1: no replay, an interrupted send throws. Also
     * -1 when {@code DefRecon} turns reconnecting off: nothing would ever replay the window.
     */
    long confirmationWindow() {
        Settings s = settings();
        return s.reconnectEnabled() ? s.confirmationWindowSize() : -1;
    }

    boolean duplicateDetection() {
        return settings().duplicateDetection();
    }

    Messages messages() {
        Messages m = messages;
        if (m == null) {
            m = new Messages(api);
            messages = m;
        }
        return m;
    }

    /** Estimated bytes of the sends in the confirmation window now. */
    long bufferedBytes() {
        return buffer.bytes();
    }

    /** Sends in the confirmation window now. */
    int bufferedMessages() {
        return buffer.messages();
    }

    /**
     * Sends made again after reconnects, since the connection was created: window entries replayed, and sends that
     * the failure interrupted, repeated by the application's thread.
     */
    long replayedSends() {
        return buffer.replayedSends();
    }

    /** Duplicate-detection ids stamped on sends, since the connection was created. */
    long duplicatesStamped() {
        return buffer.duplicatesStamped();
    }

    /** The most estimated bytes the confirmation window has held at once. */
    long bufferHighWaterBytes() {
        return buffer.highWaterBytes();
    }

    /** Sends dropped from protection because the window was full. */
    long droppedFromProtection() {
        return buffer.dropped();
    }

    private static String newDuplicateId() {
        return DUPLICATE_ID_PREFIX + DUPLICATE_IDS.incrementAndGet();
    }

    /** Stamps a new duplicate-detection id on a message unless it carries the application's own; returns it or null. */
    String stampMessage(Object message) {
        String stamped = messages().stampMessage(message, settings().duplicateDetectionProperty(), newDuplicateId(), DUPLICATE_ID_PREFIX);
        if (stamped != null) {
            buffer.stamped();
        }
        return stamped;
    }

    /** The same on a provider JMSProducer; {@code id} is the one of an earlier attempt of the same send, or null. */
    String stampProducer(Object producer, String id) {
        String stamped = Messages.stampProducer(producer, settings().duplicateDetectionProperty(), id != null ? id : newDuplicateId(), DUPLICATE_ID_PREFIX);
        if (stamped != null && id == null) {
            buffer.stamped();
        }
        return stamped;
    }

    /**
     * The window entry of a send with a CompletionListener: the application's listener in {@code callArgs} is replaced
     * by the agent's, which confirms the entry and calls the application's listener exactly once.
     */
    SendBuffer.Entry completionEntry(ManagedObject sender, ManagedObject session, Method method, Object[] callArgs,
                                     Messages.Shape shape, Object message, String duplicateId) {
        Object applicationListener = callArgs[shape.completionIndex];
        SendBuffer.Entry e = new SendBuffer.Entry(sender, session, method, callArgs, SendBuffer.Kind.COMPLETION,
                messages().estimate(shape, callArgs), null, message, applicationListener);
        callArgs[shape.completionIndex] = api.listener("CompletionListener", (p, m, a) -> {
            if (m.getDeclaringClass() == Object.class) {
                return JmsApi.objectMethod(p, m, a);
            }
            if (m.getName().equals("onCompletion")) {
                // A persistent send is confirmed by the broker now. A non-persistent one may only have been handed
                // over (Artemis without a client confirmation window, Qpid presettled): a later round trip confirms it.
                buffer.completed(e, messages().isPersistent(a[0]));
                finishCompletion(e, "onCompletion", a);
                return null;
            }
            final Throwable failure = (Throwable) a[1];
            FailureKind kind = FailureKind.of(failure);
            if (kind == FailureKind.APPLICATION || !(buffer.contains(e) || e.retrying)) {
                buffer.remove(e);
                finishCompletion(e, "onException", a);
            } else if (kind == FailureKind.CONNECTION) {
                onFailure(e.generation, failure); // kept: the reconnect sends it again and the new callback tells
            } else {
                // "Send failed" says neither: probe, but not on the provider's callback thread, which the probe may need.
                final long gen = e.generation;
                Thread probe = new Thread(() -> {
                    if (!isConnectionFailure(failure, gen)) {
                        buffer.remove(e);
                        finishCompletion(e, "onException", a);
                    }
                }, "reattach-probe-" + id);
                probe.setDaemon(true);
                probe.start();
            }
            return null;
        });
        return e;
    }

    /** Calls the application's CompletionListener, once per send whatever the number of attempts. */
    private void finishCompletion(SendBuffer.Entry e, String callback, Object[] args) {
        if (!e.finished.compareAndSet(false, true)) {
            return;
        }
        try {
            messages().completionCallback(callback).invoke(e.applicationListener, args);
        } catch (InvocationTargetException x) {
            Log.warn("{}: the application's CompletionListener.{} threw {}", describe(), callback, summary(x.getCause()));
        } catch (Throwable t) {
            Log.internalError("calling the application's CompletionListener", t);
        }
    }

    /** The connection failed for good or closed: sends with a CompletionListener still pending get the failure. */
    private void failPending(Throwable cause) {
        List<SendBuffer.Entry> left = buffer.clear();
        for (SendBuffer.Entry e : left) {
            if (e.kind == SendBuffer.Kind.COMPLETION) {
                Exception failure = cause instanceof Exception ? (Exception) cause
                        : api.exception("JMSException", "Reattach: " + describe() + ": the send could not be completed", "SEND_FAILED", cause);
                finishCompletion(e, "onException", new Object[]{e.message, failure});
            }
        }
    }

    /**
     * Sends the window's entries again on the rebuilt provider objects, oldest first (which is also the order within
     * each session), before the new objects are switched in and waiting calls repeat. Entries of a transaction that
     * cannot be replayed (it received, or lost a send from the window) are dropped: its commit throws.
     */
    private void replay(Map<ManagedObject, Object> fresh, long newGeneration) throws Throwable {
        if (buffer.messages() == 0) {
            return;
        }
        Map<ManagedObject, Object> rebuilt = new IdentityHashMap<>();
        int count = 0;
        long bytes = 0;
        try {
            for (List<SendBuffer.Entry> batch = buffer.toReplay(newGeneration); !batch.isEmpty(); batch = buffer.toReplay(newGeneration)) {
                for (SendBuffer.Entry e : batch) {
                    if (!buffer.contains(e)) {
                        continue; // confirmed meanwhile
                    }
                    if (e.kind == SendBuffer.Kind.TRANSACTED && !e.session.canReplayTransaction()) {
                        buffer.remove(e);
                        continue;
                    }
                    Object target = replayTarget(e.sender, fresh, rebuilt);
                    if (target == null) {
                        buffer.remove(e); // its session was closed: nothing to send it on
                        continue;
                    }
                    if (e.duplicateId != null) {
                        Messages.stampProducer(target, settings().duplicateDetectionProperty(), e.duplicateId, DUPLICATE_ID_PREFIX);
                    }
                    Object[] args = e.args;
                    Object session = e.session == null ? null : fresh.get(e.session);
                    if (e.snapshot != null && session == null) {
                        buffer.remove(e);
                        continue;
                    }
                    try {
                        if (e.snapshot != null) {
                            args = e.args.clone();
                            args[e.messageIndex] = messages().rebuild(e.snapshot, session);
                        }
                        try {
                            e.method.invoke(target, args);
                        } catch (InvocationTargetException x) {
                            throw x.getCause();
                        }
                    } catch (Throwable f) {
                        FailureKind kind = FailureKind.of(f);
                        if (kind == FailureKind.CONNECTION || kind == FailureKind.UNKNOWN && ++e.replayFailures < 3) {
                            throw f; // the new connection broke too: this attempt fails, the next one replays
                        }
                        Log.warn("{}: a send replayed after the reconnect was refused: {}", describe(), summary(f));
                        buffer.remove(e);
                        finishCompletion(e, "onException", new Object[]{e.message, f instanceof Exception ? f : new Exception(f)});
                        continue;
                    }
                    buffer.replayed(e, newGeneration);
                    count++;
                    bytes += e.bytes;
                }
            }
        } finally {
            for (Map.Entry<ManagedObject, Object> r : rebuilt.entrySet()) {
                if (r.getKey().tracked) {
                    closeInBackground(r.getValue()); // a producer the application had closed, rebuilt for the replay only
                }
            }
        }
        if (count > 0) {
            Log.info("{}: replayed {} unconfirmed send(s), {} bytes, in order; {}", describe(), count, bytes, buffer.describe(confirmationWindow()));
        }
    }

    /** The provider object to replay a send on: the rebuilt producer, or one rebuilt now (JMSProducer, closed producer). */
    private static Object replayTarget(ManagedObject sender, Map<ManagedObject, Object> fresh, Map<ManagedObject, Object> rebuilt) throws Throwable {
        Object target = fresh.get(sender);
        if (target == null) {
            target = rebuilt.get(sender);
        }
        if (target == null) {
            Object parent = sender.parent == null ? null : fresh.get(sender.parent);
            if (parent == null) {
                return null;
            }
            target = sender.recreate(parent);
            rebuilt.put(sender, target);
        }
        return target;
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
            lastFailureMillis = System.currentTimeMillis();
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

    /**
     * With {@code ConfirmationWindowSize=-1} only the send that the failure interrupts throws; a send made while the
     * reconnect is already under way waits for it, as every other call does (bounded by the timeout).
     */
    synchronized void awaitIfReconnecting() {
        try {
            while (state == State.RECONNECTING) {
                long left = reconnectDeadline - System.nanoTime();
                if (left <= 0) {
                    expire();
                    return; // the call goes to the dead connection and fails as it would without the agent
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    // ---- what the status shows (ConnectionStatusView) ----

    synchronized State state() {
        return state;
    }

    synchronized int reconnects() {
        return reconnects;
    }

    synchronized long lastFailureMillis() {
        return lastFailureMillis;
    }

    Object factory() {
        return factory;
    }

    /**
     * The user of {@code createConnection(user, password)} or {@code createContext(user, password[, mode])}, or null.
     * The password is never given out.
     */
    String userName() {
        return factoryArgs.length >= 2 && factoryArgs[0] instanceof String && factoryArgs[1] instanceof String
                ? (String) factoryArgs[0] : null;
    }

    // ---- the reconnect ----

    private void reconnect(long failedGeneration, Throwable cause) {
        closeInBackground(root.delegate());
        // Read once: the settings in force when the connection broke decide this whole reconnect (live tuning).
        io.reattach.policy.ReconnectPolicy policy = settings().reconnectPolicy();
        Log.info("{}: connection lost ({}); reconnecting with {}", describe(), summary(cause), policy);
        emit(ReconnectEvent.RECONNECTING, cause);
        Backoff backoff = policy.start(interceptor.clock(), interceptor.random());
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
            replay(fresh, newGeneration);
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
        failPending(cause);
        emit(ReconnectEvent.RECONNECT_FAILED, cause);
    }

    /** Waits before an attempt, through the interceptor's Sleeper (tests control time); close() and the timeout interrupt it. */
    private void sleep(long millis) {
        try {
            interceptor.sleeper().sleep(millis);
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
        io.reattach.status.StatusRegistry.trimClosed();
        if (before != State.CONNECTED) {
            closeInBackground(providerConnection); // dead already; its close may wait for a broker that is gone
            failPending(lastFailure());
            logBufferSummary();
            return;
        }
        try {
            JmsApi.interfaceMethod(providerConnection, "close").invoke(providerConnection);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (FailureKind.of(e.getCause()) == FailureKind.APPLICATION) {
                throw e.getCause();
            }
        } finally {
            buffer.clear(); // a provider's close completes its pending sends (and calls their CompletionListeners) first
            logBufferSummary();
        }
    }

    private void logBufferSummary() {
        if (buffer.replayedSends() > 0 || buffer.dropped() > 0 || buffer.duplicatesStamped() > 0) {
            Log.info("{}: closed; {}", describe(), buffer.describe(confirmationWindow()));
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
