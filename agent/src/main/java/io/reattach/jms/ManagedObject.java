package io.reattach.jms;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

/**
 * The handler behind every proxy the application holds: connection, context, session, producer, consumer,
 * browser. It forwards each call to the current provider object of its {@link ObjectNode}, records what the node
 * needs to be built again (setters, children, started state), and when a call fails because the connection broke
 * ({@link FailureDetector}), waits for the reconnect ({@link ConnectionState}) and repeats the call.
 */
final class ManagedObject implements InvocationHandler {

    private final ManagedConnection connection;
    final ObjectNode node;
    final Object proxy;
    private volatile Object applicationMessageListener;
    /**
     * The method last called on this proxy, decided: an application calls the same one over and over (a producer's
     * send, a session's createTextMessage), and comparing the proxy's {@code Method} object is cheaper than a lookup.
     * A plain field: a {@link Call} is immutable, and a stale one costs only a lookup.
     */
    private Call last = Call.NONE;

    /** What the engine decided about a method: its {@link Operation}, and for a send where its arguments are. */
    private static final class Call {
        static final Call NONE = new Call(null, null, null);
        final Method method;
        final Operation op;
        final Messages.Shape shape;

        Call(Method method, Operation op, Messages.Shape shape) {
            this.method = method;
            this.op = op;
            this.shape = shape;
        }
    }

    ManagedObject(ManagedConnection connection, ObjectNode node) {
        this.connection = connection;
        this.node = node;
        this.proxy = connection.api.proxy(node.delegate(), this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Call call = last;
        if (call.method != method) {
            Operation op = Operation.of(method);
            call = new Call(method, op, op == Operation.SEND ? connection.messages().shape(method) : null);
            last = call;
        }
        Operation op = call.op;
        switch (op) {
            case OBJECT:
                return JmsApi.objectMethod(proxy, method, args);
            case CLOSE:
                close();
                return null;
            case SET_EXCEPTION_LISTENER:
                if (node.parent == null) {
                    connection.listeners.setApplicationListener(args[0]);
                    return null;
                }
                break;
            case GET_EXCEPTION_LISTENER:
                if (node.parent == null) {
                    return connection.listeners.applicationListener();
                }
                break;
            case SET_MESSAGE_LISTENER:
                applicationMessageListener = args[0];
                return forward(method, new Object[]{MessageListeners.wrap(connection.api, node, args[0], connection.detector)}, Operation.SETTER);
            case GET_MESSAGE_LISTENER:
                return applicationMessageListener;
            case CLEAR_PROPERTIES:
                node.recipe.forget("setProperty");
                break;
            case SEND:
                Object sent = connection.sender.send(node, this.proxy, method, call.shape, args);
                connection.feedback.proven();
                return sent;
            default:
                break;
        }
        return forward(method, args, op);
    }

    /** Calls the provider object; after a connection failure, waits for the reconnect and calls the new one. */
    private Object forward(Method method, Object[] args, Operation op) throws Throwable {
        long deadline = op == Operation.RECEIVE_TIMED ? deadlineOf(args) : 0;
        Object[] callArgs = args;
        while (true) {
            if (op == Operation.COMMIT) {
                Commits.throwIfLost(connection, node, method);
            }
            Object target = node.currentDelegate();
            long gen = node.generation();
            if (node.parent == null) {
                connection.beforeRootCall(method);
            }
            long mark = op == Operation.COMMIT || op == Operation.ROLLBACK ? connection.buffer.mark() : 0;
            Object result;
            try {
                result = method.invoke(target, toCurrentConnection(callArgs));
            } catch (InvocationTargetException e) {
                Throwable failure = e.getCause();
                if (op == Operation.COMMIT && Commits.doneBeforeTheFailure(connection, node, failure)) {
                    return null;
                }
                if (node.isClosed() || !connection.detector.isConnectionFailure(failure, gen)
                        && !connection.detector.providerLostSession(node, gen, failure)
                        && !(op == Operation.COMMIT && Commits.rolledBack(failure) && connection.detector.isBroken(gen))) {
                    throw failure;
                }
                if (op == Operation.RECEIVE_NO_WAIT) {
                    return null; // no message is available now; the reconnect goes on in the background
                }
                if (!connection.state.awaitRecovery(gen, deadline, failure)) {
                    return null; // receive(timeout) ran out while the connection was down
                }
                callArgs = withRemainingTimeout(args, deadline);
                continue;
            }
            if ((op == Operation.RECEIVE || op == Operation.RECEIVE_TIMED) && result == null && !node.isClosed()
                    && endedEarly(op, deadline) && connection.detector.isBroken(gen)) {
                // The provider ended the receive because the connection broke, not because the time ran out.
                if (!connection.state.awaitRecovery(gen, deadline, connection.state.lastFailure())) {
                    return null;
                }
                callArgs = withRemainingTimeout(args, deadline);
                continue;
            }
            return afterSuccess(method, callArgs, op, result, target, gen, mark);
        }
    }

    /**
     * The call's arguments for the connection in use: a temporary destination of an earlier connection (a consumer,
     * producer or browser on it, {@code JMSProducer.setJMSReplyTo}) is replaced by its stand-in. The recipe keeps the
     * application's arguments.
     */
    private Object[] toCurrentConnection(Object[] args) throws Throwable {
        TemporaryDestinations temps = connection.temps;
        if (!temps.active() || args == null) {
            return args;
        }
        ObjectNode session = node.session();
        return temps.translateArgs(args, temps.current(), session == null ? null : session.currentDelegate());
    }

    private Object afterSuccess(Method method, Object[] args, Operation op, Object result, Object target, long gen, long mark) {
        switch (op) {
            case SETTER:
                node.recipe.record(method, args);
                break;
            case START:
                node.started(true);
                connection.feedback.proven();
                break;
            case STOP:
                node.started(false);
                break;
            case RECEIVE:
            case RECEIVE_TIMED:
            case RECEIVE_NO_WAIT:
                if (result != null) {
                    connection.feedback.proven();
                    ObjectNode session = node.session();
                    if (session != null && session.transaction != null) {
                        session.transaction.received();
                    }
                    if (session != null && session.clientAcknowledge && Operation.isJms(method.getReturnType())) {
                        return ReceivedMessage.wrap(connection.api, result, session, gen, connection.detector);
                    }
                }
                break;
            case COMMIT:
            case ROLLBACK:
                connection.feedback.proven();
                if (node.transaction != null) {
                    node.transaction.ended();
                }
                connection.buffer.transactionEnded(node);
                connection.buffer.roundTrip(mark, gen); // a commit is a round trip: earlier asynchronous sends arrived
                break;
            case CREATE_TEMPORARY:
                if (result != null) {
                    connection.temps.created(result, gen);
                }
                break;
            case CREATE_MANAGED:
                connection.feedback.proven();
                if (result != null && result != target) {
                    ObjectNode child = node.adopt(Role.of(method.getReturnType()), new Recipe(method, args, connection.temps), result);
                    return new ManagedObject(connection, child).proxy;
                }
                break;
            default:
                break;
        }
        return result == target ? proxy : result;
    }

    /** Closes on the application's request. During an outage it returns at once: the old objects are dead. */
    private void close() throws Throwable {
        if (node.isClosed()) {
            return;
        }
        node.markClosed();
        if (node.parent == null) {
            connection.close();
            return;
        }
        if (node.role.isSession()) {
            connection.buffer.sessionClosed(node); // closing a session ends its transaction; its sends are not replayed
        }
        if (connection.state.isReconnecting() || !node.role.tracked() && node.generation() != node.parent.generation()) {
            return;
        }
        Object delegate = node.delegate();
        try {
            JmsApi.interfaceMethod(delegate, "close").invoke(delegate);
        } catch (InvocationTargetException e) {
            if (!connection.detector.isConnectionFailure(e.getCause(), node.generation())) {
                throw e.getCause();
            }
        }
    }

    private static long deadlineOf(Object[] args) {
        long timeout = (Long) args[args.length - 1];
        return timeout <= 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
    }

    private static boolean endedEarly(Operation op, long deadline) {
        return op == Operation.RECEIVE || deadline == 0 || deadline - System.nanoTime() > TimeUnit.MILLISECONDS.toNanos(5);
    }

    private static Object[] withRemainingTimeout(Object[] args, long deadline) {
        if (deadline == 0) {
            return args;
        }
        Object[] copy = args.clone();
        copy[copy.length - 1] = Math.max(1L, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        return copy;
    }
}
