package io.reattach.jms;

import io.reattach.config.Settings;
import io.reattach.log.Causes;
import io.reattach.log.Log;
import io.reattach.policy.ReconnectEvent;
import io.reattach.policy.RetryLoop;
import io.reattach.policy.Scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the reconnect of one outage in the background: the one retry loop ({@link RetryLoop}, its waits on a timer, its
 * attempts on {@link Background}) around
 * {@link TreeRebuild}, then the switch-over to the rebuilt objects, or the end of the connection when the policy
 * gives up. Reports each step to the application's listener ({@link ExceptionListeners}).
 */
final class Reconnector {

    private final ConnectionState state;
    private final TreeRebuild rebuild;
    private final ExceptionListeners listeners;
    private final CompletionCallbacks completions;
    private final SendBuffer buffer;
    private final ConnectFeedback feedback;
    private final TemporaryDestinations temps;
    private final Supplier<Settings> settings;
    private final ObjectNode root;
    private final String owner;
    private final Scheduler scheduler;
    /** Told of each new provider connection once it serves the application. */
    private final Consumer<Object> newProviderConnection;

    Reconnector(ConnectionState state, TreeRebuild rebuild, ExceptionListeners listeners, CompletionCallbacks completions,
                SendBuffer buffer, ConnectFeedback feedback, TemporaryDestinations temps, Supplier<Settings> settings,
                ObjectNode root, String owner, Scheduler scheduler, Consumer<Object> newProviderConnection) {
        this.state = state;
        this.rebuild = rebuild;
        this.listeners = listeners;
        this.completions = completions;
        this.buffer = buffer;
        this.feedback = feedback;
        this.temps = temps;
        this.settings = settings;
        this.root = root;
        this.owner = owner;
        this.scheduler = scheduler;
        this.newProviderConnection = newProviderConnection;
    }

    /** A connection failure seen on the provider objects of {@code gen}: the first report starts the reconnect. */
    void onFailure(long gen, Throwable cause) {
        RetryLoop outage = state.beginOutage(gen, cause, settings.get());
        if (outage != null) {
            feedback.generationFailed(gen, cause); // a connection that never worked: its connect failed
            Background.run("reconnecting " + owner, () -> reconnect(outage, gen, cause));
        }
    }

    /**
     * What the switch-over does under the state's lock, a named class rather than a lambda: linking a lambda, the first
     * reconnect of a JVM, costs about a millisecond while the application's sends wait for it (BENCHMARKS.md, "Recovery").
     */
    private static final class SwitchIn implements Runnable {
        private final Map<ObjectNode, Object> fresh;
        private final long newGeneration;
        private final boolean windowOn;
        private final TemporaryDestinations temps;

        SwitchIn(Map<ObjectNode, Object> fresh, long newGeneration, boolean windowOn, TemporaryDestinations temps) {
            this.fresh = fresh;
            this.newGeneration = newGeneration;
            this.windowOn = windowOn;
            this.temps = temps;
        }

        @Override
        public void run() {
            switchChildrenFirst(fresh, newGeneration, windowOn);
            temps.switchedIn(newGeneration);
        }
    }

    /**
     * Children before their parents: an application thread that calls an object while the switch runs must never see it
     * older than its parent, or it would build the object again (ObjectNode.currentDelegate) and the switch would then
     * put the rebuilt one in its place, leaving that extra consumer open on the new session, taking every other message.
     */
    private static void switchChildrenFirst(Map<ObjectNode, Object> fresh, long newGeneration, boolean windowOn) {
        List<Map.Entry<ObjectNode, Object>> nodes = new ArrayList<>(fresh.entrySet()); // parents first, as built
        Collections.reverse(nodes);
        for (Map.Entry<ObjectNode, Object> e : nodes) {
            e.getKey().switchTo(e.getValue(), newGeneration, windowOn);
        }
    }

    private void reconnect(RetryLoop outage, long failedGeneration, Throwable cause) {
        Background.close(root.delegate());
        Log.info("{}: connection lost ({}); reconnecting with {}", owner, Causes.summary(cause), outage.policy());
        listeners.emit(ReconnectEvent.RECONNECTING, cause);
        long newGeneration = failedGeneration + 1;
        outage.runScheduled(cause, attempt -> rebuild.build(newGeneration), failure -> state.isReconnecting(), new RetryLoop.Listener() {
                    @Override
                    public void beforeWait(int attempt, long delayMillis, Throwable last) {
                        Log.debug("{}: reconnect attempt {} in {} ms", owner, attempt, delayMillis);
                    }

                    @Override
                    public void attemptFailed(int attempt, Throwable failure) {
                        Log.debug("{}: reconnect attempt {} failed: {}", owner, attempt, Causes.summary(failure));
                    }
                }, scheduler, Background.executor(), result -> end(result, newGeneration, cause));
    }

    /**
     * On a healthy new connection, what would otherwise fail unsaid: consumers that wait for nothing. A provider that
     * refuses to start the connection again; an object the application created during the reconnect that the new
     * connection refused (a destination the broker no longer has, say): the application's call made it on the dead
     * connection, so that call cannot throw, and its error goes to the application's ExceptionListener, where JMS
     * reports asynchronous errors.
     */
    private void saySilentFailures(Throwable startFailure, Throwable lateFailure) {
        if (startFailure != null) {
            Log.warn("{}: reconnected, but the provider refused to start the rebuilt connection again, so its "
                    + "consumers receive nothing until the application calls start(): {}", owner, Causes.summary(startFailure));
        }
        if (lateFailure != null) {
            Log.warn("{}: reconnected, but an object the application created during the reconnect could not be made on the "
                    + "new connection: it gets nothing until the application's next call on it, which tries again: {}",
                    owner, Causes.summary(lateFailure));
            listeners.deliver(lateFailure);
        }
    }

    /** The outage's end: switch over to what the last attempt built, or give up. */
    private void end(RetryLoop.Result<Map<ObjectNode, Object>> result, long newGeneration, Throwable cause) {
        if (result.succeeded()) {
            Map<ObjectNode, Object> fresh = result.value();
            boolean windowOn = settings.get().reconnectEnabled() && settings.get().confirmationWindowSize() >= 0;
            if (state.switchOver(newGeneration, new SwitchIn(fresh, newGeneration, windowOn, temps))) {
                newProviderConnection.accept(fresh.get(root));
                Throwable lateFailure = rebuild.buildCreatedDuringTheReconnect();
                Throwable startFailure = rebuild.startAgain(fresh);
                Log.info("{}: reconnected after {} attempt(s) in {} ms", owner, result.attempts(), result.elapsedMillis());
                listeners.emit(ReconnectEvent.RECONNECTED, cause);
                Throwable failure = startFailure != null ? startFailure : lateFailure;
                if (failure != null) {
                    if (ConnectionProbe.check(fresh.get(root), root.role, owner) != null) {
                        onFailure(newGeneration, failure); // the new connection broke already: the next rebuild has them all
                    } else {
                        saySilentFailures(startFailure, lateFailure);
                    }
                }
                return;
            }
            Background.close(fresh.get(root)); // closed, or the deadline passed, while the last attempt ran
        }
        if (state.giveUp()) {
            Log.warn("{}: giving up after {} attempt(s) in {} ms; last attempt failed with {}; the application now gets the failure: {}",
                    owner, result.attempts(), result.elapsedMillis(), Causes.summary(result.lastFailure()), Causes.summary(cause));
            completions.failAll(buffer.takeAll(), cause);
            listeners.emit(ReconnectEvent.RECONNECT_FAILED, cause);
        }
    }
}
