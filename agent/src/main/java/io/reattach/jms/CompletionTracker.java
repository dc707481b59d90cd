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
     * The window entry of a send with a CompletionListener; the application's listener in {@code callArgs} is replaced
     * by the agent's (the entry keeps the same array, so a replay reports to the agent's listener too).
     */
    SendBuffer.Entry track(ObjectNode sender, ObjectNode session, Method method, Object[] callArgs, Messages.Shape shape, Object message) {
        Object applicationListener = callArgs[shape.completionIndex];
        SendBuffer.Entry e = new SendBuffer.Entry(SendBuffer.Kind.COMPLETION, sender, session, method, callArgs,
                messages.get().estimate(shape, callArgs), null, -1, message, applicationListener);
        callArgs[shape.completionIndex] = api.listener("CompletionListener", (p, m, a) -> {
            if (m.getDeclaringClass() == Object.class) {
                return JmsApi.objectMethod(p, m, a);
            }
            if (m.getName().equals("onCompletion")) {
                // A persistent send is confirmed by the broker now. A non-persistent one may only have been handed
                // over (Artemis without a client confirmation window, Qpid presettled): a later round trip confirms it.
                buffer.completed(e, messages.get().isPersistent(a[0]));
                callbacks.completed(e, a);
            } else {
                onException(e, (Throwable) a[1]);
            }
            return null;
        });
        return e;
    }

    private void onException(SendBuffer.Entry e, Throwable failure) {
        FailureKind kind = FailureKind.of(failure);
        long gen = buffer.generationOf(e);
        if (kind == FailureKind.APPLICATION || !buffer.isPending(e)) {
            buffer.settle(e);
            callbacks.failed(e, failure);
        } else if (kind == FailureKind.CONNECTION) {
            detector.isConnectionFailure(failure, gen); // kept: the reconnect sends it again and the new callback tells
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
