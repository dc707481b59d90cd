package io.reattach.jms;

import io.reattach.config.Settings;
import io.reattach.log.Log;
import io.reattach.policy.Clock;
import io.reattach.policy.Scheduler;
import io.reattach.policy.Sleeper;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One application connection (a Connection or a JMSContext) and the provider connections that serve it in turn.
 * It builds the parts that each do one job and wires them; it owns no logic of theirs:
 * <ul>
 * <li>{@link ManagedObject}: the proxies the application holds, over the tree of {@link ObjectNode}s;</li>
 * <li>{@link FailureDetector}: is the connection broken? {@link Reconnector}: the outage, on the one retry loop;
 * {@link ConnectionState}: state, generation, and the calls that wait;</li>
 * <li>{@link TreeRebuild} and {@link Replay}: one reconnect attempt; {@link Sender}, {@link SendBuffer},
 * {@link CompletionTracker}: the send path and its confirmation window;</li>
 * <li>{@link ExceptionListeners}: the application's listener and the events it gets.</li>
 * </ul>
 *
 * <p>The code that runs at start-up, in the first connect and the first sends has no lambdas or method references: the
 * JVM links each one the first time it runs, about 0.6 ms apiece (BENCHMARKS.md, "Time to first send"). A named class
 * costs a fraction of that, and one can serve several call sites ({@link Wiring}).
 */
final class ManagedConnection {

    private static final AtomicInteger IDS = new AtomicInteger();

    final int id = IDS.incrementAndGet();
    final JmsApi api;
    private final FactoryCall factoryCall;
    private final Supplier<Settings> settings;
    private final String owner;
    final ObjectNode root;
    private final ManagedObject rootObject;
    final ConnectionState state;
    final SendBuffer buffer;
    final ExceptionListeners listeners;
    final DuplicateIds duplicateIds;
    final FailureDetector detector;
    final Sender sender;
    /** What this connection's connects tell {@code ConnectionNameList}. */
    final ConnectFeedback feedback;
    /** The application's temporary queues and topics, and their stand-ins after a reconnect. */
    final TemporaryDestinations temps;
    private final CompletionCallbacks callbacks;
    /** What the parts ask of this connection (see {@link Wiring}). */
    private final Wiring wiring = new Wiring();
    private volatile Messages messages;

    /** @param firstConnect the {@link ConnectFeedback} mark of the connect that made {@code providerConnection}, or null */
    ManagedConnection(JmsApi api, FactoryCall factoryCall, Object providerConnection, ConnectFeedback.Mark firstConnect,
                      Supplier<Settings> settings, Clock clock, Sleeper sleeper, Scheduler scheduler, Random random) {
        this.api = api;
        this.factoryCall = factoryCall;
        this.settings = settings;
        this.owner = "connection #" + id + " (" + factoryCall.describe() + ")";
        Role role = factoryCall.method.getName().equals("createContext") ? Role.CONTEXT : Role.CONNECTION;
        this.root = new ObjectNode(role, null, new Recipe(null, null), providerConnection, 0);
        this.state = new ConnectionState(clock, sleeper, random);
        this.buffer = new SendBuffer(owner, clock);
        this.listeners = new ExceptionListeners(api, settings, owner);
        this.duplicateIds = new DuplicateIds(settings);
        this.callbacks = new CompletionCallbacks(api, wiring, owner);
        this.feedback = new ConnectFeedback(owner);
        feedback.connected(firstConnect, 0);
        this.temps = temporaryDestinations(api, owner);
        Replay replay = new Replay(root, buffer, wiring, duplicateIds, callbacks, temps, wiring, owner);
        TreeRebuild rebuild = new TreeRebuild(factoryCall, root, listeners, wiring, replay, feedback, temps, owner);
        Reconnector reconnector = new Reconnector(state, rebuild, listeners, callbacks, buffer, feedback, temps, settings, root, owner, scheduler,
                wiring);
        this.detector = new FailureDetector(state, reconnector, root, listeners, owner);
        SendConfirmation confirmation = SendConfirmation.of(providerConnection);
        CompletionTracker completions = new CompletionTracker(api, buffer, wiring, callbacks, detector, confirmation, state);
        this.sender = new Sender(state, detector, buffer, wiring, duplicateIds, completions, temps, settings, confirmation,
                RabbitMqDestinations.applies(providerConnection) ? new RabbitMqDestinations.SentTo() : null);
        this.rootObject = new ManagedObject(this, root);
        watchProviderConnection(providerConnection);
        ConnectionStatusView.register(this); // last: the status bean may read any field from now on
    }

    /**
     * Each provider connection, once it serves the application: one whose own heartbeat cannot find a stall in time
     * gets the agent's watch (OpenWire); the Artemis client's own reconnects on it are bounded.
     */
    private void watchProviderConnection(Object providerConnection) {
        StallTimings timings = new StallTimings(settings.get().stallTimeoutMillis());
        OpenWireStallWatch.INSTANCE.watch(providerConnection, timings, owner);
        ArtemisReattach.bound(providerConnection, timings.artemisReconnectLimitMillis(), owner, detector, state.generation());
    }

    Object proxy() {
        return rootObject.proxy;
    }

    private static TemporaryDestinations temporaryDestinations(JmsApi api, String owner) {
        try {
            return new TemporaryDestinations(api, owner);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("the JMS API of " + owner + " has no Queue.getQueueName or Topic.getTopicName", e);
        }
    }

    String describe() {
        return owner;
    }

    /**
     * {@code ConfirmationWindowSize}: bytes of unconfirmed sends kept; -1: no replay, an interrupted send throws. Also
     * -1 when {@code DefRecon} turns reconnecting off: nothing would ever replay the window.
     */
    long confirmationWindow() {
        return windowOf(settings.get());
    }

    static long windowOf(Settings s) {
        return s.reconnectEnabled() ? s.confirmationWindowSize() : -1;
    }

    /** What the send path knows of the namespace's messages; looked up on first use (it loads the message interfaces). */
    Messages messages() {
        Messages m = messages;
        if (m == null) {
            m = Messages.of(api);
            messages = m;
        }
        return m;
    }

    /**
     * Installs the agent's own exception listener on the first provider connection before the first call that is not
     * {@code setClientID}: some providers allow a client ID only as the very first call on a new connection.
     */
    void beforeRootCall(Method method) {
        if (!listeners.installed() && !method.getName().equals("setClientID")) {
            synchronized (this) {
                if (!listeners.installed()) {
                    listeners.install(root.delegate(), state.generation(), wiring);
                }
            }
        }
    }

    /** The application closed the connection: the reconnect ends, pending CompletionListeners hear of it. */
    void close() throws Throwable {
        ConnectionState.State before = state.close();
        OpenWireStallWatch.INSTANCE.unwatch(owner);
        io.reattach.status.StatusRegistry.trimClosed();
        Object providerConnection = root.delegate();
        if (before != ConnectionState.State.CONNECTED) {
            // The pending sends fail first, in send order, on this thread; then the dead provider connection is closed
            // (in the background: its close may wait for a broker that is gone), and whatever its close reports about
            // those sends finds them finished. The other way round, its reports raced this thread's, out of order; a
            // report decided meanwhile leaves its send to this thread too (SendBuffer.settleFailed).
            callbacks.failAll(buffer.takeAllAtClose(), state.lastFailure());
            Background.close(providerConnection);
            logBufferSummary();
            return;
        }
        try {
            JmsApi.interfaceMethod(providerConnection, "close").invoke(providerConnection);
        } catch (InvocationTargetException e) {
            // The rule of FailureDetector, after the fact: a connection that still gives a session refused the close
            // for the application's own reason (a close from its MessageListener, say); a broken one just died first.
            if (ConnectionProbe.check(providerConnection, root.role, owner) == null) {
                throw e.getCause();
            }
        } finally {
            buffer.clear(); // a provider's close completes its pending sends (and calls their CompletionListeners) first
            logBufferSummary();
        }
    }

    private void logBufferSummary() {
        if (buffer.replayedSends() > 0 || buffer.dropped() > 0 || duplicateIds.stamped() > 0) {
            Log.info("{}: closed; {}", owner, buffer.describe(confirmationWindow(), duplicateIds.stamped()));
        }
    }

    /**
     * What the parts ask of this connection, in one object that each takes as the interface it needs: the namespace's
     * {@link #messages}, the {@link #confirmationWindow}, the failures the agent's listener on a provider connection
     * reports (to the detector, which is made after the parts that report to it), and each new provider connection to
     * {@link #watchProviderConnection watch} once it serves (and what it reported before: {@link FailureDetector#servesNow}).
     */
    private final class Wiring implements Supplier<Messages>, LongSupplier, ExceptionListeners.ProviderFailures,
            Consumer<Object> {
        @Override
        public Messages get() {
            return messages();
        }

        @Override
        public long getAsLong() {
            return confirmationWindow();
        }

        @Override
        public void reported(long generation, Object providerConnection, Throwable failure) {
            detector.onProviderException(generation, providerConnection, failure);
        }

        @Override
        public void accept(Object providerConnection) {
            watchProviderConnection(providerConnection);
            detector.servesNow(providerConnection);
        }
    }

    // ---- what the status shows (ConnectionStatusView) ----

    /** "Connection" or "JMSContext". */
    String type() {
        return root.role == Role.CONTEXT ? "JMSContext" : "Connection";
    }

    Object factory() {
        return factoryCall.factory;
    }

    String userName() {
        return factoryCall.userName();
    }

    ConnectionState.State stateNow() {
        return state.state();
    }

    int reconnects() {
        return state.reconnects();
    }

    int reattaches() {
        return detector.reattaches();
    }

    Throwable lastFailure() {
        return state.lastFailure();
    }

    long lastFailureMillis() {
        return state.lastFailureMillis();
    }

    long bufferedBytes() {
        return buffer.bytes();
    }

    int bufferedMessages() {
        return buffer.messages();
    }

    /** Window entries replayed, and sends that the failure interrupted, repeated by the application's thread. */
    long replayedSends() {
        return buffer.replayedSends();
    }

    long duplicatesStamped() {
        return duplicateIds.stamped();
    }

    long bufferHighWaterBytes() {
        return buffer.highWaterBytes();
    }

    long droppedFromProtection() {
        return buffer.dropped();
    }
}
