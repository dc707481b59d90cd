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
    private static final int CLIENT_ACKNOWLEDGE = 2;

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
    /** A session or context in CLIENT_ACKNOWLEDGE mode: its received messages are wrapped ({@link ReceivedMessage}). */
    final boolean clientAcknowledge;

    private volatile Object delegate;
    private volatile long generation;
    private volatile boolean closed;
    private volatile Object applicationMessageListener;
    private volatile boolean started;

    /** A transacted session that sent since its last commit or rollback. */
    private volatile boolean transactionSent;
    /** A transacted session that received since its last commit or rollback: its transaction cannot be replayed. */
    private volatile boolean transactionReceived;
    /** A send of the current transaction left the confirmation window: the transaction cannot be replayed. */
    private volatile boolean transactionIncomplete;
    /** The transaction was lost with the connection: the next commit must fail. */
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
        this.clientAcknowledge = isSessionLike() && !transacted
                && Integer.valueOf(CLIENT_ACKNOWLEDGE).equals(callQuietly(delegate, type.equals("JMSContext") ? "getSessionMode" : "getAcknowledgeMode"));
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
            case SEND:
                return send(method, args);
            default:
                break;
        }
        return forward(method, args, op);
    }

    /** A commit of a transaction lost with the connection throws, as JMS requires. */
    private void checkTransactionLost(Method method) throws Exception {
        if (transactionLost) {
            transactionLost = false;
            connection.buffer.endTransaction(this);
            throw connection.api.exception(runtime(method) ? "TransactionRolledBackRuntimeException" : "TransactionRolledBackException",
                    "Reattach: the transaction was rolled back because the connection to the broker failed before commit; "
                            + "its messages were not sent and received messages will be redelivered",
                    "TRANSACTION_ROLLED_BACK", connection.lastFailure());
        }
    }

    /**
     * Calls the provider object; after a connection failure, waits for the reconnect and calls the new one.
     */
    private Object forward(Method method, Object[] args, Operation op) throws Throwable {
        long deadline = op == Operation.RECEIVE_TIMED ? deadlineOf(method, args) : 0;
        Object[] callArgs = args;
        while (true) {
            if (op == Operation.COMMIT) {
                checkTransactionLost(method);
            }
            Object target = currentDelegate();
            long gen = generation;
            if (parent == null) {
                connection.beforeRootCall(method);
            }
            long mark = op == Operation.COMMIT || op == Operation.ROLLBACK ? connection.buffer.mark() : 0;
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
            return afterSuccess(method, callArgs, op, result, target, gen, mark);
        }
    }

    /**
     * A send (see ARCHITECTURE.md, "The send buffer"). A send whose outcome is not known when it returns is kept in
     * the connection's {@link SendBuffer} until it is confirmed; a send that fails with the connection waits for the
     * reconnect (which first replays the buffer) and is made again; with {@code ConfirmationWindowSize=-1} it throws.
     */
    private Object send(Method method, Object[] args) throws Throwable {
        Messages messages = connection.messages();
        Messages.Shape shape = messages.shape(method);
        Object[] callArgs = args;
        if (shape.messageIndex >= 0) {
            Object unwrapped = Messages.unwrap(args[shape.messageIndex]);
            if (unwrapped != args[shape.messageIndex]) {
                callArgs = args.clone();
                callArgs[shape.messageIndex] = unwrapped;
            }
        }
        Object message = shape.messageIndex >= 0 ? callArgs[shape.messageIndex] : null;
        long window = connection.confirmationWindow();
        ManagedObject session = session();
        boolean transactedSend = session != null && session.transacted;
        String duplicateId = null;
        if (connection.duplicateDetection() && message != null && !shape.jmsProducer) {
            duplicateId = connection.stampMessage(message);
        }
        SendBuffer.Entry completion = null;
        if (window >= 0 && shape.completionIndex >= 0 && callArgs[shape.completionIndex] != null && !transactedSend) {
            if (callArgs == args) {
                callArgs = args.clone();
            }
            completion = connection.completionEntry(this, session, method, callArgs, shape, message, duplicateId);
        }
        boolean repeated = false;
        while (true) {
            if (window < 0) {
                connection.awaitIfReconnecting();
            }
            Object target = currentDelegate();
            long gen = generation;
            if (connection.duplicateDetection() && shape.jmsProducer) {
                duplicateId = connection.stampProducer(target, duplicateId);
                if (completion != null) {
                    completion.duplicateId = duplicateId;
                }
            }
            long mark = connection.buffer.mark();
            if (completion != null) {
                connection.buffer.add(completion, gen, window, true); // before the call: onCompletion may come first
            }
            Object result;
            try {
                result = method.invoke(target, callArgs);
            } catch (InvocationTargetException e) {
                Throwable failure = e.getCause();
                boolean connectionFailure = !closed && connection.isConnectionFailure(failure, gen);
                if (completion != null) {
                    completion.retrying = connectionFailure;
                    connection.buffer.remove(completion); // made again below, not replayed
                }
                if (!connectionFailure || window < 0) {
                    throw failure; // ConfirmationWindowSize=-1: the interrupted send throws; the reconnect goes on
                }
                connection.awaitRecovery(gen, 0, failure);
                repeated = true;
                continue;
            }
            if (repeated) {
                connection.buffer.resent(); // the interrupted send, made again after the reconnect
            }
            markWorkDone(session, false);
            if (completion != null) {
                connection.buffer.endCall(completion);
            } else if (window >= 0) {
                if (transactedSend) {
                    connection.buffer.add(entry(SendBuffer.Kind.TRANSACTED, session, method, callArgs, shape, message, duplicateId), gen, window, false);
                } else if (messages.wasPersistent(shape, callArgs, target)) {
                    connection.buffer.roundTrip(mark, gen); // a synchronous send: earlier asynchronous sends arrived
                } else {
                    connection.buffer.add(entry(SendBuffer.Kind.ASYNC, session, method, callArgs, shape, message, duplicateId), gen, window, false);
                }
            }
            return result == target ? proxy : result; // JMSProducer.send returns the producer
        }
    }

    private SendBuffer.Entry entry(SendBuffer.Kind kind, ManagedObject session, Method method, Object[] args,
                                   Messages.Shape shape, Object message, String duplicateId) {
        Messages messages = connection.messages();
        Messages.Snapshot snapshot = messages.snapshot(message); // one pass over the message: it is the send's hot path
        long bytes = snapshot != null ? Messages.estimate(snapshot) : messages.estimate(shape, args);
        Object[] kept = args;
        if (snapshot != null) {
            kept = args.clone();
            kept[shape.messageIndex] = null; // the provider's message object can hold several times the estimate
        }
        SendBuffer.Entry e = new SendBuffer.Entry(this, session, method, kept, kind, bytes,
                shape.jmsProducer ? duplicateId : null, null, null);
        if (snapshot != null) {
            e.snapshot = snapshot;
            e.messageIndex = shape.messageIndex;
        }
        return e;
    }

    private Object afterSuccess(Method method, Object[] args, Operation op, Object result, Object target, long gen, long mark) {
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
            case RECEIVE:
            case RECEIVE_TIMED:
            case RECEIVE_NO_WAIT:
                if (result != null) {
                    ManagedObject session = session();
                    markWorkDone(session, true);
                    if (session != null && session.clientAcknowledge && Operation.isJms(method.getReturnType())) {
                        return ReceivedMessage.wrap(result, session, gen);
                    }
                }
                break;
            case COMMIT:
            case ROLLBACK:
                transactionSent = false;
                transactionReceived = false;
                transactionIncomplete = false;
                transactionLost = false;
                connection.buffer.endTransaction(this);
                connection.buffer.roundTrip(mark, gen); // a commit is a round trip: earlier asynchronous sends arrived
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
        if (transactionReceived || transactionSent && !canReplayTransaction()) {
            transactionLost = true;
            transactionSent = false;
            transactionReceived = false;
            transactionIncomplete = false;
        }
        // A transaction that only sent, with every send still in the window, was replayed into the new session.
    }

    /** Whether this session's open transaction is sent again on the new session after a reconnect. */
    boolean canReplayTransaction() {
        return transacted && !transactionReceived && !transactionIncomplete && connection.confirmationWindow() >= 0;
    }

    /** A send of this session's transaction was dropped from the confirmation window. */
    void transactionIncomplete() {
        transactionIncomplete = true;
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
            ManagedObject session = session();
            markWorkDone(session, true);
            if (session != null && session.clientAcknowledge) {
                a = new Object[]{ReceivedMessage.wrap(a[0], session, session.generation)};
            }
            try {
                return onMessage.invoke(applicationListener, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static void markWorkDone(ManagedObject session, boolean received) {
        if (session != null && session.transacted) {
            if (received) {
                session.transactionReceived = true;
            } else {
                session.transactionSent = true;
            }
        }
    }

    ManagedObject session() {
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
        if (isSessionLike()) {
            connection.buffer.forgetSession(this); // closing a session ends its transaction; its sends are not replayed
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
