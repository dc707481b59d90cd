package io.reattach.jms;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.function.Supplier;

/**
 * Sends whose window entry a {@code CompletionListener} of the agent's settles: the application's own sends with a
 * listener (the agent's replaces it, and calls it exactly once through {@link CompletionCallbacks}), and the plain sends
 * the agent makes with a listener of its own where the provider's send does not wait for the broker
 * ({@link SendConfirmation}, {@link ConfirmedSends}). A connection failure reported to the listener starts the
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

    CompletionTracker(JmsApi api, SendBuffer buffer, Supplier<Messages> messages, CompletionCallbacks callbacks,
                      FailureDetector detector, SendConfirmation confirmation) {
        this.api = api;
        this.buffer = buffer;
        this.messages = messages;
        this.callbacks = callbacks;
        this.detector = detector;
        this.confirmation = confirmation;
    }

    /**
     * The window entry of a send with the application's CompletionListener; the listener in {@code callArgs} is replaced
     * by the agent's (the entry keeps the same array, so a replay reports to the agent's listener too).
     */
    SendBuffer.Entry track(ObjectNode sender, ObjectNode session, Method method, Object[] callArgs, Messages.Shape shape, Object message) {
        Object applicationListener = callArgs[shape.completionIndex];
        Listener listener = new Listener();
        SendBuffer.Entry e = new SendBuffer.Entry(SendBuffer.Kind.COMPLETION, sender, session, method, callArgs,
                messages.get().estimate(shape, callArgs), null, -1, message, applicationListener);
        callArgs[shape.completionIndex] = listener.of(e);
        return e;
    }

    /** A listener of the agent's for a send the agent makes with one (no application listener to call). */
    Listener listener() {
        return new Listener();
    }

    /** The agent's CompletionListener of one send: settles its entry, tells the application's listener if it has one. */
    final class Listener implements InvocationHandler {
        private volatile SendBuffer.Entry entry;
        private Object proxy;

        /** The listener object, bound to its entry (which must exist before the send is made). */
        Object of(SendBuffer.Entry e) {
            entry = e;
            return proxy();
        }

        /** The listener object, to be bound with {@link #of} before the send. */
        synchronized Object proxy() {
            if (proxy == null) {
                proxy = api.listener("CompletionListener", this);
            }
            return proxy;
        }

        @Override
        public Object invoke(Object p, Method m, Object[] a) {
            if (m.getDeclaringClass() == Object.class) {
                return JmsApi.objectMethod(p, m, a);
            }
            SendBuffer.Entry e = entry;
            if (m.getName().equals("onCompletion")) {
                // Confirmed by the broker now, unless the provider only handed a non-persistent message over (Artemis
                // without a client confirmation window, Qpid presettled): then a later round trip confirms it.
                buffer.completed(e, confirmation.onCompletion(messages.get().isPersistent(a[0])));
                callbacks.completed(e, a);
            } else {
                onException(e, (Throwable) a[1]);
            }
            return null;
        }
    }

    /**
     * The provider refused or lost the send. Decided by {@link FailureDetector}'s rule on the agent's thread: a broken
     * connection keeps the send (the reconnect sends it again and the new callback tells); a healthy one refused it.
     */
    private void onException(SendBuffer.Entry e, Throwable failure) {
        long gen = buffer.generationOf(e);
        if (!buffer.isPending(e)) {
            buffer.settle(e);
            callbacks.failed(e, failure);
            return;
        }
        Background.run("deciding a failed send", () -> {
            if (!detector.isConnectionFailure(failure, gen)) {
                buffer.settle(e);
                callbacks.failed(e, failure);
            }
        });
    }
}
