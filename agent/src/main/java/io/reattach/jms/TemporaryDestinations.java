package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary queues and topics the application created on one connection, and what stands for each of them on
 * the provider connection in use now. A temporary destination belongs to the provider connection that created it and
 * dies with it; after a reconnect the application still holds the old provider object (destinations are not wrapped:
 * ARCHITECTURE.md, "Design choice: temporary destinations are mapped, not wrapped"). The engine maps it: wherever a
 * managed call takes a destination (a consumer, producer or browser created on it, a send to it,
 * {@code setJMSReplyTo} on {@code JMSProducer} or on a
 * message being sent), a temporary destination of an earlier provider connection is replaced by the one that stands
 * for it now, created on first use on a session of the new connection, so that a consumer rebuilt on it and the
 * sends to it meet.
 *
 * <p>Destinations are recognised by name ({@code getQueueName}, {@code getTopicName}): the application's object, the
 * stand-ins, and any other object naming one of them, such as the {@code JMSReplyTo} of a message received after the
 * reconnect. A {@link Scope} is one provider connection's set of stand-ins: the current one, or the one a reconnect
 * attempt builds, which becomes current at the switch-over ({@link #switchedIn}); a failed attempt's scope is dropped
 * with its connection. A connection that never created a temporary destination pays one volatile read per call.
 *
 * <p>The application's object is held weakly: one it drops (a request/reply client that creates a temporary queue per
 * request) is forgotten, with its stand-ins. A consumer or a kept send holds it in its recipe as long as it needs it.
 */
final class TemporaryDestinations {

    /** One provider connection's stand-ins. Identity only. */
    static final class Scope {
    }

    /** One temporary destination of the application. */
    private static final class Temp extends WeakReference<Object> {
        final boolean queue;
        final Scope origin;
        final Map<Scope, Object> standIns = new ConcurrentHashMap<>();
        final Set<String> names = ConcurrentHashMap.newKeySet();

        Temp(Object original, boolean queue, Scope origin, ReferenceQueue<Object> collected) {
            super(original, collected);
            this.queue = queue;
            this.origin = origin;
        }

        /** The object that stands for this destination in {@code scope}, or null when there is none yet. */
        Object in(Scope scope) {
            return scope == origin ? get() : standIns.get(scope);
        }
    }

    private final String owner;
    private final Class<?> destination;
    private final Class<?> queue;
    private final Class<?> topic;
    private final Method queueName;
    private final Method topicName;
    /** Keyed by "q:" or "t:" and every name the destination has had. */
    private final Map<String, Temp> byName = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private volatile Scope current = new Scope();
    private volatile long currentGeneration;
    private volatile Scope building;
    /** Set when the application creates its first temporary destination: from then on destinations are looked at. */
    private volatile boolean replacing;

    TemporaryDestinations(JmsApi api, String owner) throws NoSuchMethodException {
        this.owner = owner;
        this.destination = api.load("Destination");
        this.queue = api.load("Queue");
        this.topic = api.load("Topic");
        this.queueName = queue.getMethod("getQueueName");
        this.topicName = topic.getMethod("getTopicName");
    }

    /**
     * The application created {@code dest} on a session of the provider objects of {@code generation}. One whose name
     * cannot be read is left to the provider (logged once): after a reconnect it is gone, as without the agent.
     */
    void created(Object dest, long generation) {
        expunge();
        boolean isQueue = queue.isInstance(dest);
        Scope scope = generation == currentGeneration ? current : new Scope(); // made on a dead connection: a stand-in on use
        Temp t = new Temp(dest, isQueue, scope, collected);
        try {
            index(t, dest);
            replacing = true;
        } catch (Throwable e) {
            Log.internalError("keeping track of a temporary destination of " + owner, e);
        }
    }

    /** A reconnect attempt begins: the scope of the connection it builds. */
    Scope attempt() {
        Scope scope = new Scope();
        building = scope;
        return scope;
    }

    /** The attempt's connection is the connection now (called under the switch-over's lock). */
    void switchedIn(long generation) {
        Scope scope = building;
        building = null;
        if (scope == null) {
            return;
        }
        current = scope;
        currentGeneration = generation;
        expunge();
        for (Temp t : byName.values()) {
            t.standIns.keySet().retainAll(Collections.singleton(scope));
        }
    }

    Scope current() {
        return current;
    }

    /** Whether the application has created a temporary destination on this connection: then destinations are looked at. */
    boolean active() {
        return replacing;
    }

    /** {@code args} with every temporary destination of an earlier connection replaced; the same array when none is. */
    Object[] translateArgs(Object[] args, Scope scope, Object creator) throws Throwable {
        if (!replacing || args == null) {
            return args;
        }
        Object[] result = args;
        for (int i = 0; i < args.length; i++) {
            Object t = translate(args[i], scope, creator);
            if (t != args[i]) {
                result = result == args ? args.clone() : result;
                result[i] = t;
            }
        }
        return result;
    }

    /** Points a message's {@code JMSReplyTo} that names a temporary destination of an earlier connection at its stand-in. */
    void translateReplyTo(Messages messages, Object message, Scope scope, Object creator) throws Throwable {
        if (!replacing) {
            return;
        }
        Object replyTo = messages.replyTo(message);
        Object standIn = translate(replyTo, scope, creator);
        if (standIn != replyTo) {
            messages.setReplyTo(message, standIn);
        }
    }

    /**
     * What stands for {@code dest} in {@code scope}: {@code dest} itself unless it names a temporary destination of
     * the application; for one that has no stand-in there yet, a new temporary destination created on {@code creator}
     * (a session or context of that connection; null: none is created and {@code dest} is returned).
     */
    Object translate(Object dest, Scope scope, Object creator) throws Throwable {
        if (!replacing || dest == null || !destination.isInstance(dest)) {
            return dest;
        }
        Temp t = byName.get(key(dest));
        if (t == null) {
            return dest;
        }
        Object standIn = t.in(scope);
        if (standIn != null || creator == null) {
            return standIn != null ? standIn : dest;
        }
        synchronized (t) {
            standIn = t.in(scope);
            if (standIn == null) {
                standIn = create(creator, t.queue);
                t.standIns.put(scope, standIn);
                index(t, standIn);
                Log.info("{}: temporary {} {} is {} on the new connection", owner, t.queue ? "queue" : "topic", name(dest), name(standIn));
            }
        }
        return standIn;
    }

    private Object create(Object creator, boolean isQueue) throws Throwable {
        try {
            return JmsApi.interfaceMethod(creator, isQueue ? "createTemporaryQueue" : "createTemporaryTopic").invoke(creator);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void index(Temp t, Object dest) throws Throwable {
        String key = key(dest);
        if (key != null) {
            t.names.add(key);
            byName.put(key, t);
        }
    }

    /** Forgets the destinations the application no longer holds. */
    private void expunge() {
        for (Object ref; (ref = collected.poll()) != null; ) {
            for (String name : ((Temp) ref).names) {
                byName.remove(name, ref);
            }
        }
    }

    private String key(Object dest) throws Throwable {
        if (queue.isInstance(dest)) {
            return "q:" + name(dest);
        }
        return topic.isInstance(dest) ? "t:" + name(dest) : null;
    }

    private String name(Object dest) throws Throwable {
        try {
            return (String) (queue.isInstance(dest) ? queueName.invoke(dest) : topicName.invoke(dest));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Temporary destinations known now, for tests. */
    int size() {
        expunge();
        return (int) byName.values().stream().distinct().count();
    }
}
