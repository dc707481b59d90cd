package io.reattach.jms;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Sends whose window entry a {@code CompletionListener} of the agent's settles: the application's own sends with a
 * listener (the agent's replaces it, and calls it exactly once through {@link CompletionCallbacks}), and the plain sends
 * the agent makes with a listener of its own where the provider's send does not wait for the broker
 * ({@link SendConfirmation}, {@link ConfirmedSends}). Each attempt of a send gets a listener of its own, bound to the
 * generation of the provider objects it is made on. A connection failure reported to the listener starts the
 * reconnect and keeps the send for replay; whether a failure is one is decided on the background executor, never on
 * the provider's callback thread, which the probe may need.
 */
final class CompletionTracker {

    private final JmsApi api;
    private final SendBuffer buffer;
    private final Supplier<Messages> messages;
    private final CompletionCallbacks callbacks;
    private final FailureDetector detector;
    private final SendConfirmation confirmation;
    private final ConnectionState state;
    /** One decision at a time, in the order the sends failed: the application's listeners hear in send order. */
    private final InOrder decisions = new InOrder("deciding a failed send");

    CompletionTracker(JmsApi api, SendBuffer buffer, Supplier<Messages> messages, CompletionCallbacks callbacks,
                      FailureDetector detector, SendConfirmation confirmation, ConnectionState state) {
        this.api = api;
        this.buffer = buffer;
        this.messages = messages;
        this.callbacks = callbacks;
        this.detector = detector;
        this.confirmation = confirmation;
        this.state = state;
    }

    /** The window entry of a send with the application's CompletionListener. */
    SendBuffer.Entry track(ObjectNode sender, ObjectNode session, Method method, Object[] callArgs, Messages.Shape shape, Object message) {
        return entry(sender, session, method, callArgs, shape.completionIndex, shape, message, callArgs[shape.completionIndex]);
    }

    /**
     * The window entry of a plain send the agent makes with a listener of its own: in {@code args[listenerIndex]} of
     * {@code method}, or (index -1) as a {@code JMSProducer}'s async listener ({@link ConfirmedSends#call}).
     */
    SendBuffer.Entry confirm(ObjectNode sender, ObjectNode session, Method method, Object[] args, int listenerIndex,
                             Messages.Shape shape, Object message) {
        return entry(sender, session, method, args, listenerIndex, shape, message, null);
    }

    private SendBuffer.Entry entry(ObjectNode sender, ObjectNode session, Method method, Object[] args, int listenerIndex,
                                   Messages.Shape shape, Object message, Object applicationListener) {
        SendBuffer.Entry e = new SendBuffer.Entry(SendBuffer.Kind.COMPLETION, sender, session, method, args,
                messages.get().estimate(shape, args), null, -1, message, applicationListener);
        e.listenerPerAttempt(listenerIndex, new PerAttempt(e));
        return e;
    }

    /** Makes the listener of each attempt of one send. */
    private final class PerAttempt implements LongFunction<Object> {
        private final SendBuffer.Entry e;

        PerAttempt(SendBuffer.Entry e) {
            this.e = e;
        }

        @Override
        public Object apply(long generation) {
            return api.listener("CompletionListener", new AttemptListener(e, generation));
        }
    }

    /** The agent's CompletionListener of one attempt of a send, on the provider objects of {@code generation}. */
    private final class AttemptListener implements InvocationHandler {
        private final SendBuffer.Entry e;
        private final long generation;

        AttemptListener(SendBuffer.Entry e, long generation) {
            this.e = e;
            this.generation = generation;
        }

        @Override
        public Object invoke(Object p, Method m, Object[] a) {
            if (m.getDeclaringClass() == Object.class) {
                return JmsApi.objectMethod(p, m, a);
            }
            if (m.getName().equals("onCompletion")) {
                // Confirmed by the broker now, unless the provider only handed a non-persistent message over (Artemis
                // without a client confirmation window, Qpid presettled): then a later round trip confirms it.
                buffer.completed(e, confirmation.onCompletion(messages.get().isPersistent(a[0])));
                callbacks.completed(e, a);
            } else {
                onException(e, (Throwable) a[1], generation);
            }
            return null;
        }
    }

    /**
     * The provider refused or lost the send. Decided by {@link FailureDetector}'s rule on the agent's thread: a broken
     * connection keeps the send (the reconnect sends it again and that attempt's listener tells; a late report about
     * an attempt on a connection replaced already changes nothing); a healthy one refused it.
     */
    private void onException(SendBuffer.Entry e, Throwable failure, long gen) {
        if (!buffer.isPending(e)) {
            if (buffer.settleFailed(e, state.closedInOutage())) {
                callbacks.failed(e, failure);
            }
            return;
        }
        decisions.run(() -> {
            if (!detector.isConnectionFailure(failure, gen) && buffer.settleFailed(e, state.closedInOutage())) {
                callbacks.failed(e, failure);
            }
        });
    }
}
