package io.reattach.jms;

import io.reattach.config.Settings;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
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
    private final TemporaryDestinations temps;
    private final Supplier<Settings> settings;
    private final SendConfirmation confirmation;
    /** The RabbitMQ client's: its sends' destinations declared again on each new connection; null for other providers. */
    private final RabbitMqDestinations.SentTo rabbitMqSentTo;
    /** What a send reads of the settings, for the settings object in force (a reload replaces it). */
    private volatile SendSettings current = new SendSettings(null, -1, false);

    Sender(ConnectionState state, FailureDetector detector, SendBuffer buffer, Supplier<Messages> messages,
           DuplicateIds duplicateIds, CompletionTracker completions, TemporaryDestinations temps, Supplier<Settings> settings,
           SendConfirmation confirmation, RabbitMqDestinations.SentTo rabbitMqSentTo) {
        this.temps = temps;
        this.rabbitMqSentTo = rabbitMqSentTo;
        this.confirmation = confirmation;
        this.state = state;
        this.detector = detector;
        this.buffer = buffer;
        this.messages = messages;
        this.duplicateIds = duplicateIds;
        this.completions = completions;
        this.settings = settings;
    }

    /** The settings a send needs, read once per settings object: {@link Settings} looks each value up by its key. */
    private static final class SendSettings {
        final Settings source;
        /** {@code ConfirmationWindowSize}, -1 when off ({@link ManagedConnection#windowOf}). */
        final long window;
        /** {@code DuplicateDetection}. */
        final boolean stamp;

        SendSettings(Settings source, long window, boolean stamp) {
            this.source = source;
            this.window = window;
            this.stamp = stamp;
        }
    }

    private SendSettings sendSettings() {
        Settings s = settings.get();
        SendSettings c = current;
        if (c.source != s) {
            c = new SendSettings(s, ManagedConnection.windowOf(s), s.duplicateDetection());
            current = c;
        }
        return c;
    }

    /** A send on {@code node}'s proxy; returns what the provider returned (the proxy for JMSProducer's own). */
    Object send(ObjectNode node, Object proxy, Method method, Messages.Shape shape, Object[] args) throws Throwable {
        Messages m = messages.get();
        Object[] callArgs = args; // cloned at most once (a wrapped message, a CompletionListener, the copy's slot)
        if (shape.messageIndex >= 0) {
            Object unwrapped = Messages.unwrap(args[shape.messageIndex]);
            if (unwrapped != args[shape.messageIndex]) {
                callArgs = args.clone();
                callArgs[shape.messageIndex] = unwrapped;
            }
        }
        Object message = shape.messageIndex >= 0 ? callArgs[shape.messageIndex] : null;
        SendSettings sendSettings = sendSettings();
        long window = sendSettings.window;
        ObjectNode session = node.session();
        Transaction transaction = session == null ? null : session.transaction;
        boolean stamp = sendSettings.stamp;
        String duplicateId = stamp && message != null && !shape.jmsProducer ? duplicateIds.stampMessage(m, message) : null;
        SendBuffer.Entry completion = null;
        Method sendMethod = method;
        if (window >= 0 && transaction == null) {
            if (shape.completionIndex >= 0 && callArgs[shape.completionIndex] != null) {
                callArgs = callArgs == args ? args.clone() : callArgs;
                completion = completions.track(node, session, method, callArgs, shape, message);
            } else if (!confirmation.onReturn()) {
                completion = confirmed(node, session, method, callArgs, shape, message);
                if (completion != null) {
                    sendMethod = completion.method;
                    callArgs = completion.args;
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
            Object[] attemptArgs = callArgs;
            if (completion != null) {
                attemptArgs = completion.argsFor(gen);
                buffer.begin(completion, gen, window);
            }
            if (rabbitMqSentTo != null) {
                rabbitMqSentTo.beforeSend(attemptArgs, gen); // the new connection's broker may have lost it: see there
            }
            Object result;
            try {
                result = ConfirmedSends.call(target, sendMethod, toCurrentConnection(attemptArgs, message, session),
                        completion == null ? null : completion.asyncListenerFor(gen));
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
                    buffer.add(entry(m, SendBuffer.Kind.TRANSACTED, node, session, method, callArgs, callArgs != args, shape, message, duplicateId), gen, window);
                } else if (m.wasPersistent(shape, callArgs, target)) {
                    buffer.roundTrip(mark, gen); // a synchronous send: earlier asynchronous sends arrived
                } else {
                    buffer.add(entry(m, SendBuffer.Kind.ASYNC, node, session, method, callArgs, callArgs != args, shape, message, duplicateId), gen, window);
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
                                       Object message) {
        ConfirmedSends sends = messages.get().confirmedSends();
        if (shape.jmsProducer) {
            if (!sends.available()) {
                return null;
            }
            return completions.confirm(node, session, method, args, -1, shape, message); // its duplicate id: stamped per attempt in send
        }
        Method variant = sends.variantOf(method);
        if (variant == null) {
            return null;
        }
        return completions.confirm(node, session, variant, Arrays.copyOf(args, args.length + 1), args.length, shape, message);
    }

    /**
     * The send's arguments for the connection in use: a temporary destination of an earlier connection, as the
     * destination or the message's {@code JMSReplyTo}, is replaced by its stand-in ({@link TemporaryDestinations}).
     * The buffer keeps the application's arguments; the replay replaces them for its own connection.
     */
    private Object[] toCurrentConnection(Object[] args, Object message, ObjectNode session) throws Throwable {
        if (!temps.active()) {
            return args;
        }
        TemporaryDestinations.Scope scope = temps.current();
        Object creator = session == null ? null : session.currentDelegate();
        if (message != null) {
            temps.translateReplyTo(messages.get(), message, scope, creator);
        }
        return temps.translateArgs(args, scope, creator);
    }

    /** {@code ownArgs}: the send cloned the application's arguments already, so the entry may take that array. */
    private static SendBuffer.Entry entry(Messages m, SendBuffer.Kind kind, ObjectNode sender, ObjectNode session, Method method,
                                          Object[] args, boolean ownArgs, Messages.Shape shape, Object message, String duplicateId) {
        TextMessageCopy copy = m.copy(message);
        long bytes;
        Object[] kept = args;
        if (copy != null) {
            bytes = copy.estimate();
            kept = ownArgs ? args : args.clone();
            kept[shape.messageIndex] = null; // the provider's message object can hold several times the estimate
        } else {
            bytes = m.estimate(shape, args);
        }
        SendBuffer.Entry e = new SendBuffer.Entry(kind, sender, session, method, kept, bytes, copy,
                copy != null ? shape.messageIndex : -1, null, null);
        if (shape.jmsProducer) {
            e.duplicateId(duplicateId);
        }
        return e;
    }
}
