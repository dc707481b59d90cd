package io.reattach.jms;

import io.reattach.log.Causes;
import io.reattach.log.Log;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One reconnect attempt: a new provider connection from the same factory call, the whole object tree built again on
 * it (the connection's setters, client ID first, and the agent's listener; then every open session, producer,
 * consumer and browser, parents first) and the confirmation window replayed onto it. Nothing is switched over until
 * all of it exists; a failure anywhere closes what was built and fails the attempt.
 */
final class TreeRebuild {

    /**
     * How long a failed attempt waits for the close of what it built, when that holds the application's client ID,
     * before the next attempt may set it again. Other half-built connections are closed in the background: a close
     * that waits for a gone broker must not hold an attempt's thread.
     */
    private static final long HALF_BUILT_CLOSE_MILLIS = 1000;

    private final FactoryCall factoryCall;
    private final ObjectNode root;
    private final ExceptionListeners listeners;
    private final ExceptionListeners.ProviderFailures failures;
    private final Replay replay;
    private final ConnectFeedback feedback;
    private final TemporaryDestinations temps;
    private final String owner;

    TreeRebuild(FactoryCall factoryCall, ObjectNode root, ExceptionListeners listeners, ExceptionListeners.ProviderFailures failures,
                Replay replay, ConnectFeedback feedback, TemporaryDestinations temps, String owner) {
        this.factoryCall = factoryCall;
        this.root = root;
        this.listeners = listeners;
        this.failures = failures;
        this.replay = replay;
        this.feedback = feedback;
        this.temps = temps;
        this.owner = owner;
    }

    /**
     * Builds the tree of {@code newGeneration}; returns every node with its new provider object, root first. A failure
     * after TCP reached the preferred address of {@code ConnectionNameList} hands the preference on
     * ({@link ConnectFeedback}); so does a later failure of a connection on which no session was built here.
     */
    Map<ObjectNode, Object> build(long newGeneration) throws Throwable {
        ConnectFeedback.Mark mark = ConnectFeedback.mark();
        try {
            Map<ObjectNode, Object> fresh = buildOn(newGeneration);
            feedback.connected(fresh.size() > 1 ? null : mark, newGeneration);
            return fresh;
        } catch (Throwable t) {
            ConnectFeedback.failed(mark, t, owner);
            throw t;
        }
    }

    private Map<ObjectNode, Object> buildOn(long newGeneration) throws Throwable {
        long started = System.nanoTime();
        TemporaryDestinations.Scope scope = temps.attempt(); // the new connection's temporary destinations, made on use
        Object connection = factoryCall.callForAgent();
        long connected = System.nanoTime();
        Log.debug("{}: new provider connection; rebuilding its objects", owner);
        Map<ObjectNode, Object> fresh = new LinkedHashMap<>();
        try {
            root.recipe.applySetters(connection);
            listeners.install(connection, newGeneration, failures);
            fresh.put(root, connection);
            if (RabbitMqDestinations.applies(connection)) {
                RabbitMqDestinations.declareAgainBelow(root); // the broker may have lost them: see there
            }
            buildChildren(root, connection, scope, fresh);
            Log.debug("{}: new provider connection in {} ms; it and {} object(s) on it set up in {} ms", owner,
                    TimeUnit.NANOSECONDS.toMillis(connected - started), fresh.size() - 1,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connected));
            replay.replay(fresh, newGeneration, scope);
            return fresh;
        } catch (Throwable t) {
            Log.debug("{}: the new provider connection failed while its objects were being rebuilt ({} of them so far): {}",
                    owner, fresh.size(), Causes.summary(t));
            if (root.recipe.records("setClientID")) {
                Background.closeAndWait(connection, HALF_BUILT_CLOSE_MILLIS); // it holds the client ID the next attempt sets
            } else {
                Background.close(connection);
            }
            throw t;
        } finally {
            releaseRabbitMqContexts(fresh); // the application's thread uses them from now on
        }
    }

    /** A loop, not a method reference: the first reconnect of a JVM would link it before the waiting sends go. */
    private static void releaseRabbitMqContexts(Map<ObjectNode, Object> fresh) {
        for (Object providerObject : fresh.values()) {
            RabbitMqContexts.release(providerObject);
        }
    }

    private static void buildChildren(ObjectNode parent, Object parentDelegate, TemporaryDestinations.Scope scope,
                                      Map<ObjectNode, Object> fresh) throws Throwable {
        for (ObjectNode child : parent.children) {
            if (!child.isClosed()) {
                Object delegate = child.recipe.create(parentDelegate, scope);
                fresh.put(child, delegate);
                buildChildren(child, delegate, scope, fresh);
            }
        }
    }

    /**
     * After the switch-over, first: objects the application created on the dead connection while the tree was being
     * rebuilt are brought up now (a consumer with a listener must get its messages). Returns the first failure, or
     * null; an object that failed stays as it is, and the application's next call on it builds it again.
     */
    Throwable buildCreatedDuringTheReconnect() {
        return buildStale(root, null);
    }

    private Throwable buildStale(ObjectNode parent, Throwable first) {
        for (ObjectNode child : parent.children) {
            try {
                child.currentDelegate();
            } catch (Throwable t) {
                Log.debug("{}: rebuilding a {} created during the reconnect failed: {}", owner, child.role, Causes.summary(t));
                first = first == null ? t : first;
            }
            first = buildStale(child, first);
        }
        return first;
    }

    /**
     * Then: what the application had started is started again, only now, so that no delivery races the switch-over.
     * What it had stopped is stopped again: a JMSContext starts itself when the rebuild creates its consumers. Returns
     * the first failure, or null.
     */
    Throwable startAgain(Map<ObjectNode, Object> fresh) {
        Throwable first = null;
        for (Map.Entry<ObjectNode, Object> e : fresh.entrySet()) {
            ObjectNode node = e.getKey();
            if (node.isStarted() || node.isStopped()) {
                try {
                    Method startOrStop = JmsApi.interfaceMethod(e.getValue(), node.isStarted() ? "start" : "stop");
                    startOrStop.invoke(e.getValue());
                } catch (InvocationTargetException x) {
                    first = first == null ? x.getCause() : first;
                } catch (Throwable t) {
                    Log.internalError("restarting " + owner, t);
                }
            }
        }
        releaseRabbitMqContexts(fresh); // the objects built after the switch-over may have used them
        return first;
    }
}
