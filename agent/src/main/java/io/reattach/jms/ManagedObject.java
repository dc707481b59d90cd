package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The handler behind every proxy the application holds: connection, context, session, producer, consumer,
 * browser. It forwards each call to the current provider object, remembers what it takes to build that object
 * again (how it was created, the setters applied to it, its message listener, its children) and, when a call
 * fails because the connection broke, waits for {@link ManagedConnection} to reconnect and repeats the call.
 */
final class ManagedObject implements InvocationHandler {

    private static final Object[] NO_ARGS = new Object[0];

    final ManagedConnection connection;
    final ManagedObject parent;
    /** How this object is created from its parent's provider object; null for the root. */
    final Method creator;
    final Object[] creatorArgs;
    /** Simple name of the JMS type, e.g. Session, MessageConsumer, JMSContext. */
    final String type;
    final Object proxy;
    /** JMSProducers are created for nearly every send and never closed: they are rebuilt on use, not tracked. */
    final boolean tracked;
    final boolean transacted;

    private volatile Object delegate;
    private volatile long generation;
    private volatile boolean closed;
    private volatile Object applicationMessageListener;
    private volatile boolean started;

    /** A transacted session that did work since its last commit or rollback. */
    private volatile boolean dirty;
    /** That work was lost with the connection: the next commit must fail. */
    private volatile boolean transactionLost;

    private final Map<String, Object[]> setters = new LinkedHashMap<>();
    private final Map<String, Method> setterMethods = new LinkedHashMap<>();
    final List<ManagedObject> children = new CopyOnWriteArrayList<>();

    ManagedObject(ManagedConnection connection, ManagedObject parent, Method creator, Object[] creatorArgs,
                  String type, Object delegate, long generation) {
        this.connection = connection;
        this.parent = parent;
        this.creator = creator;
        this.creatorArgs = creatorArgs == null ? NO_ARGS : creatorArgs.clone();
        this.type = type;
        this.delegate = delegate;
        this.generation = generation;
        this.tracked = !type.equals("JMSProducer");
        this.transacted = isSessionLike() && Boolean.TRUE.equals(callQuietly(delegate, "getTransacted"));
        this.proxy = connection.api.proxy(delegate, this);
    }

    Object delegate() {
        return delegate;
    }

    long generation() {
        return generation;
    }

    boolean isClosed() {
        return closed;
    }

    boolean isStarted() {
        return started;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Operation op = Operation.of(method);
        switch (op) {
            case OBJECT:
                return JmsApi.objectMethod(proxy, method, args);
            case CLOSE:
                close();
                return null;
            case SET_EXCEPTION_LISTENER:
                if (parent == null) {
                    connection.setApplicationListener(args[0]);
                    return null;
                }
                break;
            case GET_EXCEPTION_LISTENER:
                if (parent == null) {
                    return connection.applicationListener();
                }
                break;
            case SET_MESSAGE_LISTENER:
                applicationMessageListener = args[0];
                return forward(method, new Object[]{wrapListener(args[0])}, Operation.SETTER);
            case GET_MESSAGE_LISTENER:
                return applicationMessageListener;
            case CLEAR_PROPERTIES:
                forgetSetters("setProperty");
                break;
            case COMMIT:
                if (transactionLost) {
                    transactionLost = false;
                    dirty = false;
                    throw connection.api.exception(runtime(method) ? "TransactionRolledBackRuntimeException" : "TransactionRolledBackException",
                            "Reattach: the transaction was rolled back because the connection to the broker failed before commit; "
                                    + "its messages were not sent and received messages will be redelivered",
                            "TRANSACTION_ROLLED_BACK", connection.lastFailure());
                }
                break;
            default:
                break;
        }
        return forward(method, args, op);
    }

    /**
     * Calls the provider object; after a connection failure, waits for the reconnect and calls the new one.
     */
    private Object forward(Method method, Object[] args, Operation op) throws Throwable {
        long deadline = op == Operation.RECEIVE_TIMED ? deadlineOf(method, args) : 0;
        Object[] callArgs = args;
        while (true) {
            Object target = currentDelegate();
            long gen = generation;
            if (parent == null) {
                connection.beforeRootCall(method);
            }
            Object result;
            try {
                result = method.invoke(target, callArgs);
            } catch (InvocationTargetException e) {
                Throwable failure = e.getCause();
                if (closed || !connection.isConnectionFailure(failure, gen)) {
                    throw failure;
                }
                if (op == Operation.RECEIVE_NO_WAIT) {
                    return null; // no message is available now; the reconnect goes on in the background
                }
                if (!connection.awaitRecovery(gen, deadline, failure)) {
                    return null; // receive(timeout) ran out while the connection was down
                }
                callArgs = withRemainingTimeout(method, args, deadline);
                continue;
            }
            if ((op == Operation.RECEIVE || op == Operation.RECEIVE_TIMED) && result == null && !closed
                    && endedEarly(op, deadline) && connection.isBroken(gen)) {
                // The provider ended the receive because the connection broke, not because the time ran out.
                if (!connection.awaitRecovery(gen, deadline, connection.lastFailure())) {
                    return null;
                }
                callArgs = withRemainingTimeout(method, args, deadline);
                continue;
            }
            return afterSuccess(method, callArgs, op, result, target);
        }
    }

    private Object afterSuccess(Method method, Object[] args, Operation op, Object result, Object target) {
        switch (op) {
            case SETTER:
                record(method, args);
                break;
            case START:
                started = true;
                break;
            case STOP:
                started = false;
                break;
            case SEND:
            case RECEIVE:
            case RECEIVE_TIMED:
            case RECEIVE_NO_WAIT:
                if (op == Operation.SEND || result != null) {
                    markWorkDone();
                }
                break;
            case COMMIT:
            case ROLLBACK:
                dirty = false;
                transactionLost = false;
                break;
            case CREATE_MANAGED:
                if (result != null && result != target) {
                    return adopt(method, args, result).proxy;
                }
                break;
            default:
                break;
        }
        return result == target ? proxy : result;
    }

    private ManagedObject adopt(Method method, Object[] args, Object result) {
        ManagedObject child = new ManagedObject(connection, this, method, args, method.getReturnType().getSimpleName(), result, generation);
        if (child.tracked) {
            children.add(child);
        }
        return child;
    }

    /**
     * The provider object to call. An object older than its parent's current provider object is rebuilt here,
     * from the parent's: a JMSProducer (never tracked), or an object created on a dead parent while the reconnect
     * was rebuilding the tree.
     */
    Object currentDelegate() throws Throwable {
        if (parent != null && !closed && generation != parent.generation) {
            Object parentDelegate = parent.currentDelegate();
            synchronized (this) {
                long parentGeneration = parent.generation;
                if (generation != parentGeneration) {
                    delegate = recreate(parentDelegate);
                    generation = parentGeneration;
                }
            }
        }
        return delegate;
    }

    /** Builds this object again on a new parent object: creation call, then the recorded setters in order. */
    Object recreate(Object parentDelegate) throws Throwable {
        Object fresh;
        try {
            fresh = creator.invoke(parentDelegate, creatorArgs);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        replaySetters(fresh);
        return fresh;
    }

    void replaySetters(Object target) throws Throwable {
        List<Map.Entry<String, Object[]>> recorded;
        List<Method> methods;
        synchronized (setters) {
            recorded = new ArrayList<>(setters.entrySet());
            methods = new ArrayList<>(setterMethods.values());
        }
        for (int i = 0; i < recorded.size(); i++) {
            try {
                methods.get(i).invoke(target, recorded.get(i).getValue());
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /** Called by the reconnect once every object is rebuilt: from now on calls go to the new objects. */
    void switchTo(Object fresh, long newGeneration) {
        delegate = fresh;
        generation = newGeneration;
        if (dirty) {
            transactionLost = true;
            dirty = false;
        }
    }

    private void record(Method method, Object[] args) {
        String key = method.getName() + Arrays.toString(method.getParameterTypes())
                + (method.getName().equals("setProperty") ? "=" + args[0] : "");
        synchronized (setters) {
            setters.remove(key); // re-inserted last: replay keeps the order the application used
            setterMethods.remove(key);
            setters.put(key, args == null ? NO_ARGS : args.clone());
            setterMethods.put(key, method);
        }
    }

    private void forgetSetters(String name) {
        synchronized (setters) {
            setters.keySet().removeIf(k -> k.startsWith(name + "["));
            setterMethods.keySet().removeIf(k -> k.startsWith(name + "["));
        }
    }

    /** The application's listener behind one of ours, so that deliveries mark a transaction as having work. */
    private Object wrapListener(final Object applicationListener) {
        if (applicationListener == null) {
            return null;
        }
        final Method onMessage = connection.api.load("MessageListener").getMethods()[0];
        return connection.api.listener("MessageListener", (p, m, a) -> {
            if (m.getDeclaringClass() == Object.class) {
                return JmsApi.objectMethod(p, m, a);
            }
            markWorkDone();
            try {
                return onMessage.invoke(applicationListener, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private void markWorkDone() {
        ManagedObject session = session();
        if (session != null && session.transacted) {
            session.dirty = true;
        }
    }

    private ManagedObject session() {
        for (ManagedObject o = this; o != null; o = o.parent) {
            if (o.isSessionLike()) {
                return o;
            }
        }
        return null;
    }

    private boolean isSessionLike() {
        return type.endsWith("Session") || type.equals("JMSContext");
    }

    /** Closes on the application's request. During an outage it returns at once: the old objects are dead. */
    void close() throws Throwable {
        if (closed) {
            return;
        }
        markClosed();
        if (parent == null) {
            connection.close(delegate);
            return;
        }
        if (tracked) {
            parent.children.remove(this);
        }
        if (connection.isReconnecting() || !tracked && generation != parent.generation) {
            return;
        }
        try {
            JmsApi.interfaceMethod(delegate, "close").invoke(delegate);
        } catch (InvocationTargetException e) {
            Throwable failure = e.getCause();
            if (!connection.isConnectionFailure(failure, generation)) {
                throw failure;
            }
        }
    }

    void markClosed() {
        closed = true;
        for (ManagedObject child : children) {
            child.markClosed();
        }
    }

    private static long deadlineOf(Method method, Object[] args) {
        long timeout = (Long) args[args.length - 1];
        return timeout <= 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
    }

    private static boolean endedEarly(Operation op, long deadline) {
        return op == Operation.RECEIVE || deadline == 0 || deadline - System.nanoTime() > TimeUnit.MILLISECONDS.toNanos(5);
    }

    private static Object[] withRemainingTimeout(Method method, Object[] args, long deadline) {
        if (deadline == 0) {
            return args;
        }
        Object[] copy = args.clone();
        copy[copy.length - 1] = Math.max(1L, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        return copy;
    }

    private static boolean runtime(Method method) {
        return method.getExceptionTypes().length == 0;
    }

    private static Object callQuietly(Object target, String method) {
        try {
            return JmsApi.interfaceMethod(target, method).invoke(target);
        } catch (Throwable t) {
            Log.debug("{}.{}() failed: {}", target.getClass().getSimpleName(), method, t.toString());
            return null;
        }
    }
}
