package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The RabbitMQ JMS client's destinations (2.x and 3.x), declared again on a new connection. Provider-specific code
 * (ARCHITECTURE.md lists all of it); reflective, so nothing is compiled against RabbitMQ.
 *
 * <p>Why: the client declares what backs a queue destination (the queue, and its binding to {@code jms.durable.queues},
 * through which every send to it is routed) or a topic (its exchange) once per {@code RMQDestination} object, and then
 * marks the object declared; {@code createProducer}, {@code createConsumer} and every send skip a declared one. After a
 * reconnect the broker may not have all of it: a node killed about 100 ms after the declaration came back with the
 * queue but without its binding (seen with RabbitMQ 3.10), and another node of {@code ConnectionNameList} may never
 * have seen it. A consumer then waits on an empty queue while every send to it, a replayed transaction's included,
 * is dropped by the broker as unroutable, silently. So before the objects of a new connection are built, the agent marks
 * the destinations they name (and those of the sends it replays) undeclared: the client declares them again, which
 * changes nothing where they exist.
 *
 * <p>A temporary destination is left alone: it is exclusive to the connection that made it, and the new connection
 * has a stand-in of its own ({@link TemporaryDestinations}). A destination the application names only in its sends
 * ({@code send(destination, message)} of a producer without one) is declared again by the first send that names it on
 * each new connection ({@link SentTo}). A reflective failure (another client version) is logged once and turns this off.
 */
final class RabbitMqDestinations {

    private static final String CONNECTION = "com.rabbitmq.jms.client.RMQConnection";
    /** A {@code JMSContext} root's provider object: it owns an {@code RMQConnection} but is not one. */
    private static final String CONTEXT = "com.rabbitmq.jms.client.RmqJmsContext";
    private static final String DESTINATION = "com.rabbitmq.jms.admin.RMQDestination";

    private static volatile boolean broken;

    private RabbitMqDestinations() {
    }

    /**
     * Whether {@code providerConnection}, the provider object of a tree's root, is the RabbitMQ client's connection or
     * context: only then are destinations declared again. A {@code JMSContext}'s tree names the same destinations as a
     * connection's, and the node loses the same bindings; when only the connection counted, nothing of a context was
     * declared again, neither its consumers' destinations nor its replayed sends'.
     */
    static boolean applies(Object providerConnection) {
        return !broken && providerConnection != null
                && (ProviderTuning.is(providerConnection, CONNECTION) || ProviderTuning.is(providerConnection, CONTEXT));
    }

    /** Marks the destinations that the recipes below {@code node} name undeclared. */
    static void declareAgainBelow(ObjectNode node) {
        for (ObjectNode child : node.children) {
            if (!child.isClosed()) {
                child.recipe.forEachArgument(RabbitMqDestinations::declareAgain);
                declareAgainBelow(child);
            }
        }
    }

    /** Marks each destination among {@code args} undeclared. */
    static void declareAgain(Object[] args) {
        for (Object arg : args) {
            declareAgainOne(arg);
        }
    }

    private static void declareAgainOne(Object arg) {
        if (broken || arg == null || !ProviderTuning.is(arg, DESTINATION)) {
            return;
        }
        try {
            if (Boolean.TRUE.equals(arg.getClass().getMethod("isTemporary").invoke(arg))) {
                return; // exclusive to the connection that made it: the new one has its own (TemporaryDestinations)
            }
            Method setDeclared = arg.getClass().getMethod("setDeclared", boolean.class);
            setDeclared.invoke(arg, false);
        } catch (ReflectiveOperationException | RuntimeException e) {
            broken = true;
            Log.info("RabbitMQ destinations: isTemporary or setDeclared cannot be called ({}); after a reconnect the client does not "
                    + "declare the application's queues and topics again", e.toString());
        }
    }

    /**
     * The destinations that the sends of one application connection name, for {@link #beforeSend}: the first
     * send on a new provider connection to each of them marks its destination undeclared. A producer without a
     * destination names it only there, so neither the rebuilt tree nor the replay declares it again; on a node that lost
     * the binding, until another connection (the consumer's) declares it again, the broker drops those sends as
     * unroutable and still confirms them, so the window lets them go.
     */
    static final class SentTo {
        /**
         * The generation on which each was last marked. Keyed by equality, held weakly: the client declares by name, so
         * one send through any object of that name declares it for all of them on the broker.
         */
        private final Map<Object, Long> marked = new WeakHashMap<>();

        /** Before a send on the provider objects of {@code generation}: marks its destination undeclared once per generation. */
        void beforeSend(Object[] args, long generation) {
            if (generation == 0 || broken) {
                return; // the first connection: the client declared it there itself
            }
            try {
                for (Object arg : args) {
                    if (arg != null && ProviderTuning.is(arg, DESTINATION) && firstOn(arg, generation)) {
                        declareAgainOne(arg);
                    }
                }
            } catch (RuntimeException e) { // a destination's hashCode or equals: the send goes on as without the agent
                broken = true;
                Log.internalError("declaring a RabbitMQ destination again", e);
            }
        }

        private boolean firstOn(Object destination, long generation) {
            synchronized (marked) {
                Long last = marked.get(destination);
                if (last != null && last >= generation) {
                    return false;
                }
                marked.put(destination, generation);
                return true;
            }
        }
    }
}
