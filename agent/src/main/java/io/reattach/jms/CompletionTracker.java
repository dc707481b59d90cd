package io.reattach.jms;

import java.lang.reflect.Method;
import java.util.function.Supplier;

/**
 * Sends with a {@code CompletionListener}: the application's listener is replaced by the agent's, which settles the
 * send's window entry and calls the application's listener exactly once ({@link CompletionCallbacks}). A connection
 * failure reported to it starts the reconnect and keeps the send for replay; a bare "send failed" is decided by a
 * probe on the background executor, never on the provider's callback thread, which the probe may need.
 */
final class CompletionTracker {

    private final JmsApi api;
    private final SendBuffer buffer;
    private final Supplier<Messages> messages;
    private final CompletionCallbacks callbacks;
    private final FailureDetector detector;

    CompletionTracker(JmsApi api, SendBuffer buffer, Supplier<Messages> messages, CompletionCallbacks callbacks, FailureDetector detector) {
        this.api = api;
        this.buffer = buffer;
        this.messages = messages;
        this.callbacks = callbacks;
        this.detector = detector;
    }

    /**
     * The window entry of a send with a CompletionListener. Each attempt of the send gets an agent's listener of its
     * own ({@link SendBuffer.Entry#argsFor}), bound to the generation of the provider objects it is made on.
     */
    SendBuffer.Entry track(ObjectNode sender, ObjectNode session, Method method, Object[] callArgs, Messages.Shape shape, Object message) {
        SendBuffer.Entry e = new SendBuffer.Entry(SendBuffer.Kind.COMPLETION, sender, session, method, callArgs,
                messages.get().estimate(shape, callArgs), null, -1, message, callArgs[shape.completionIndex]);
        e.listenerPerAttempt(shape.completionIndex, generation -> listener(e, generation));
        return e;
    }

    private Object listener(SendBuffer.Entry e, long generation) {
        return api.listener("CompletionListener", (p, m, a) -> {
            if (m.getDeclaringClass() == Object.class) {
                return JmsApi.objectMethod(p, m, a);
            }
            if (m.getName().equals("onCompletion")) {
                // A persistent send is confirmed by the broker now. A non-persistent one may only have been handed
                // over (Artemis without a client confirmation window, Qpid presettled): a later round trip confirms it.
                buffer.completed(e, messages.get().isPersistent(a[0]));
                callbacks.completed(e, a);
            } else {
                onException(e, (Throwable) a[1], generation);
            }
            return null;
        });
    }

    private void onException(SendBuffer.Entry e, Throwable failure, long gen) {
        FailureKind kind = FailureKind.of(failure);
        if (kind == FailureKind.APPLICATION || !buffer.isPending(e)) {
            buffer.settle(e);
            callbacks.failed(e, failure);
        } else if (kind == FailureKind.CONNECTION) {
            // Kept: the reconnect sends it again and that attempt's listener tells. A late report about an attempt on
            // a connection replaced already changes nothing (the detector ignores an old generation).
            detector.isConnectionFailure(failure, gen);
        } else {
            Background.run("probing after a failed send", () -> {
                if (!detector.isConnectionFailure(failure, gen)) {
                    buffer.settle(e);
                    callbacks.failed(e, failure);
                }
            });
        }
    }
}
