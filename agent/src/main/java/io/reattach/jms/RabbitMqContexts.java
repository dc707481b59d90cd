package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.reflect.Field;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The RabbitMQ JMS client's {@code JMSContext} (2.x and 3.x), made usable by the agent's own threads. Provider-specific
 * code (ARCHITECTURE.md lists all of it); reflective, so nothing is compiled against RabbitMQ.
 *
 * <p>Why: {@code RmqJmsContext.session()} takes its {@code sessionLock} with {@code tryLock(1 ms)} and never unlocks it,
 * so the first thread that touches the context's session owns it for good, and every other thread gets
 * {@code JMSRuntimeException("Impossible to access context session")}. An application that uses a context from one
 * thread never notices. The agent, though, rebuilds a context on its reconnect thread, and closes a dead one on
 * another; so:
 * <ul>
 * <li>{@link #release}: after its reconnect thread used a rebuilt context, the agent gives up every hold that thread
 * has on the lock, and the application's first call takes it, exactly as on the context it created itself;</li>
 * <li>{@link #closeable}: a dead context is closed through its connection, and so is a failed reconnect attempt's
 * half-built one ({@link Background#closeAndWait}). Its own {@code close()} on the agent's thread cannot reach its
 * session, logs a warning and leaves the connection open; the amqp-client's automatic recovery would then bring that
 * connection back with the broker, a zombie with a consumer of its own, and it would keep the application's client ID,
 * which every next attempt then failed to set;</li>
 * <li>{@link #probeSession}: the {@link ConnectionProbe}'s context, made from the application's, is closed through its
 * session: a context's {@code close()} also closes the connection it shares with the application's context when that
 * one has no session yet.</li>
 * </ul>
 * A reflective failure (another client version) is logged once and turns both off.
 */
final class RabbitMqContexts {

    private static final String CONTEXT = "com.rabbitmq.jms.client.RmqJmsContext";

    private static volatile boolean broken;

    private RabbitMqContexts() {
    }

    /** Releases the holds the current thread has on the session lock of {@code providerObject}, if it is such a context. */
    static void release(Object providerObject) {
        Object lock = field(providerObject, "sessionLock");
        if (lock instanceof ReentrantLock) {
            ReentrantLock l = (ReentrantLock) lock;
            while (l.isHeldByCurrentThread()) {
                l.unlock();
            }
        }
    }

    /**
     * What to close to close a dead provider connection or context: for such a context its connection, which closes the
     * context's session with it; else the object itself. Only for connections and contexts the agent created or the
     * application's root ones, never a context created from another (they share one connection).
     */
    static Object closeable(Object providerObject) {
        Object connection = field(providerObject, "connection");
        return connection != null ? connection : providerObject;
    }

    /** The session of such a context (to close instead of the context), or null for anything else. */
    static Object probeSession(Object context) {
        return field(context, "session");
    }

    private static Object field(Object providerObject, String name) {
        if (broken || providerObject == null || !providerObject.getClass().getName().equals(CONTEXT)) {
            return null;
        }
        try {
            Field field = providerObject.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return field.get(providerObject);
        } catch (ReflectiveOperationException | RuntimeException e) {
            broken = true;
            Log.info("RabbitMQ JMSContext: its {} cannot be reached ({}); a context the agent rebuilt may refuse the "
                    + "application's thread, and a dead one stay open", name, e.toString());
            return null;
        }
    }
}
