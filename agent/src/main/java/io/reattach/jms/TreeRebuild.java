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

    private final FactoryCall factoryCall;
    private final ObjectNode root;
    private final ExceptionListeners listeners;
    private final ExceptionListeners.ProviderFailures failures;
    private final Replay replay;
    private final String owner;

    TreeRebuild(FactoryCall factoryCall, ObjectNode root, ExceptionListeners listeners,
                ExceptionListeners.ProviderFailures failures, Replay replay, String owner) {
        this.factoryCall = factoryCall;
        this.root = root;
        this.listeners = listeners;
        this.failures = failures;
        this.replay = replay;
        this.owner = owner;
    }

    /** Builds the tree of {@code newGeneration}; returns every node with its new provider object, root first. */
    Map<ObjectNode, Object> build(long newGeneration) throws Throwable {
        long started = System.nanoTime();
        Object connection = factoryCall.callForAgent();
        long connected = System.nanoTime();
        Log.debug("{}: new provider connection; rebuilding its objects", owner);
        Map<ObjectNode, Object> fresh = new LinkedHashMap<>();
        try {
            root.recipe.applySetters(connection);
            listeners.install(connection, newGeneration, failures);
            fresh.put(root, connection);
            buildChildren(root, connection, fresh);
            Log.debug("{}: new provider connection in {} ms; it and {} object(s) on it set up in {} ms", owner,
                    TimeUnit.NANOSECONDS.toMillis(connected - started), fresh.size() - 1,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connected));
            replay.replay(fresh, newGeneration);
            return fresh;
        } catch (Throwable t) {
            Log.debug("{}: the new provider connection failed while its objects were being rebuilt ({} of them so far): {}",
                    owner, fresh.size(), Causes.summary(t));
            Background.close(connection);
            throw t;
        }
    }

    private static void buildChildren(ObjectNode parent, Object parentDelegate, Map<ObjectNode, Object> fresh) throws Throwable {
        for (ObjectNode child : parent.children) {
            if (!child.isClosed()) {
                Object delegate = child.recipe.create(parentDelegate);
                fresh.put(child, delegate);
                buildChildren(child, delegate, fresh);
            }
        }
    }

    /**
     * After the switch-over: objects the application created on the dead connection while the tree was being rebuilt
     * are brought up now (a consumer with a listener must get its messages), and what the application had started is
     * started again, only now, so that no delivery races the switch-over. Returns the first failure of a start, or null.
     */
    Throwable startAgain(Map<ObjectNode, Object> fresh) {
        refreshStale(root);
        Throwable first = null;
        for (Map.Entry<ObjectNode, Object> e : fresh.entrySet()) {
            if (e.getKey().isStarted()) {
                try {
                    Method start = JmsApi.interfaceMethod(e.getValue(), "start");
                    start.invoke(e.getValue());
                } catch (InvocationTargetException x) {
                    first = first == null ? x.getCause() : first;
                } catch (Throwable t) {
                    Log.internalError("restarting " + owner, t);
                }
            }
        }
        return first;
    }

    private void refreshStale(ObjectNode parent) {
        for (ObjectNode child : parent.children) {
            try {
                child.currentDelegate();
            } catch (Throwable t) {
                Log.debug("{}: rebuilding a {} created during the reconnect failed: {}", owner, child.role, Causes.summary(t));
            }
            refreshStale(child);
        }
    }
}
