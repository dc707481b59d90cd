package io.reattach.jms;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The send path of every producer of one application connection (see ARCHITECTURE.md, "The send buffer"). A send
 * whose outcome is not known when it returns is kept in the {@link SendBuffer} until it is confirmed; where the
 * provider's send does not wait for the broker ({@link SendConfirmation}), the send is made with a CompletionListener
 * of the agent's, which confirms it ({@link ConfirmedSends}). A send that fails with the connection waits for the
 * reconnect (which first replays the window) and is made again; with {@code ConfirmationWindowSize=-1} it throws.
 */
final class Sender {

    private final ConnectionState state;
    private final FailureDetector detector;
    private final SendBuffer buffer;
    private final Supplier<Messages> messages;
    private final DuplicateIds duplicateIds;
    private final CompletionTracker completions;
    private final LongSupplier window;
    private final SendConfirmation confirmation;
    private final Supplier<ConfirmedSends> confirmedSends;

    Sender(ConnectionState state, FailureDetector detector, SendBuffer buffer, Supplier<Messages> messages,
           DuplicateIds duplicateIds, CompletionTracker completions, LongSupplier window,
           SendConfirmation confirmation, Supplier<ConfirmedSends> confirmedSends) {
        this.state = state;
        this.detector = detector;
        this.buffer = buffer;
        this.messages = messages;
        this.duplicateIds = duplicateIds;
        this.completions = completions;
        this.window = window;
        this.confirmation = confirmation;
        this.confirmedSends = confirmedSends;
    }

    /** A send on {@code node}'s proxy; returns what the provider returned (the proxy for JMSProducer's own). */
    Object send(ObjectNode node, Object proxy, Method method, Object[] args) throws Throwable {
        Messages m = messages.get();
        Messages.Shape shape = m.shape(method);
        Object[] callArgs = args;
        if (shape.messageIndex >= 0) {
            Object unwrapped = Messages.unwrap(args[shape.messageIndex]);
            if (unwrapped != args[shape.messageIndex]) {
                callArgs = args.clone();
                callArgs[shape.messageIndex] = unwrapped;
            }
        }
        Object message = shape.messageIndex >= 0 ? callArgs[shape.messageIndex] : null;
        long window = this.window.getAsLong();
        ObjectNode session = node.session();
        Transaction transaction = session == null ? null : session.transaction;
        boolean stamp = duplicateIds.enabled();
        String duplicateId = stamp && message != null && !shape.jmsProducer ? duplicateIds.stampMessage(m, message) : null;
        SendBuffer.Entry completion = null;
        Method sendMethod = method;
        if (window >= 0 && transaction == null) {
            if (shape.completionIndex >= 0 && callArgs[shape.completionIndex] != null) {
                callArgs = callArgs == args ? args.clone() : callArgs;
                completion = completions.track(node, session, method, callArgs, shape, message);
            } else if (!confirmation.onReturn()) {
                completion = confirmed(node, session, method, callArgs, shape, message, duplicateId);
                if (completion != null) {
                    sendMethod = completion.method;
                    callArgs = completion.argsWith(message);
                }
            }
        }
        boolean repeated = false;
        while (true) {
            if (window < 0) {
                state.awaitIfReconnecting();
            }
            Object target = node.currentDelegate();
            long gen = node.generation();
            if (stamp && shape.jmsProducer) {
                duplicateId = duplicateIds.stampProducer(target, duplicateId);
                if (completion != null) {
                    completion.duplicateId(duplicateId);
                }
            }
            long mark = buffer.mark();
            if (completion != null) {
                buffer.begin(completion, gen, window);
            }
            Object result;
            try {
                result = ConfirmedSends.call(target, sendMethod, callArgs, completion == null ? null : completion.asyncListener());
            } catch (InvocationTargetException e) {
                Throwable failure = e.getCause();
                boolean connectionFailure = !node.isClosed() && detector.isConnectionFailure(failure, gen);
                if (completion != null) {
                    buffer.failed(completion, connectionFailure); // made again below, not replayed
                }
                if (!connectionFailure || window < 0) {
                    throw failure; // ConfirmationWindowSize=-1: the interrupted send throws; the reconnect goes on
                }
                state.awaitRecovery(gen, 0, failure);
                repeated = true;
                continue;
            }
            if (repeated) {
                buffer.resent();
            }
            if (transaction != null) {
                transaction.sent();
            }
            if (completion != null) {
                buffer.returned(completion);
            } else if (window >= 0) {
                if (transaction != null) {
                    buffer.add(entry(SendBuffer.Kind.TRANSACTED, node, session, method, callArgs, shape, message, duplicateId), gen, window);
                } else if (m.wasPersistent(shape, callArgs, target)) {
                    buffer.roundTrip(mark, gen); // a synchronous send: earlier asynchronous sends arrived
                } else {
                    buffer.add(entry(SendBuffer.Kind.ASYNC, node, session, method, callArgs, shape, message, duplicateId), gen, window);
                }
            }
            return result == target ? proxy : result; // JMSProducer.send returns the producer
        }
    }

    /**
     * The window entry of a plain send that the agent makes with a CompletionListener of its own ({@link ConfirmedSends}):
     * the {@code MessageProducer} send with a listener, or the {@code JMSProducer} send with it as its async listener;
     * null when the namespace has no CompletionListener (JMS 1.1).
     */
    private SendBuffer.Entry confirmed(ObjectNode node, ObjectNode session, Method method, Object[] args, Messages.Shape shape,
                                       Object message, String duplicateId) {
        ConfirmedSends sends = confirmedSends.get();
        CompletionTracker.Listener listener = completions.listener();
        if (shape.jmsProducer) {
            if (!sends.available()) {
                return null;
            }
            SendBuffer.Entry e = entry(SendBuffer.Kind.COMPLETION, node, session, method, args, shape, message, duplicateId);
            e.asyncListener(listener.of(e));
            return e;
        }
        Method variant = sends.variantOf(method);
        if (variant == null) {
            return null;
        }
        Object[] withListener = Arrays.copyOf(args, args.length + 1);
        withListener[args.length] = listener.proxy();
        SendBuffer.Entry e = entry(SendBuffer.Kind.COMPLETION, node, session, variant, withListener, shape, message, duplicateId);
        listener.of(e);
        return e;
    }

    private SendBuffer.Entry entry(SendBuffer.Kind kind, ObjectNode sender, ObjectNode session, Method method, Object[] args,
                                   Messages.Shape shape, Object message, String duplicateId) {
        Messages m = messages.get();
        Messages.Snapshot snapshot = m.snapshot(message); // one pass over the message: it is the send's hot path
        long bytes = snapshot != null ? Messages.estimate(snapshot) : m.estimate(shape, args);
        Object[] kept = args;
        if (snapshot != null) {
            kept = args.clone();
            kept[shape.messageIndex] = null; // the provider's message object can hold several times the estimate
        }
        SendBuffer.Entry e = new SendBuffer.Entry(kind, sender, session, method, kept, bytes, snapshot,
                snapshot != null ? shape.messageIndex : -1, null, null);
        if (shape.jmsProducer) {
            e.duplicateId(duplicateId);
        }
        return e;
    }
}
