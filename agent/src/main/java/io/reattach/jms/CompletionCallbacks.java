package io.reattach.jms;

import io.reattach.log.Causes;
import io.reattach.log.Log;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.function.Supplier;

/** Calls the application's CompletionListener of a send: once per send, whatever the number of attempts. */
final class CompletionCallbacks {

    private final JmsApi api;
    private final Supplier<Messages> messages;
    private final String owner;

    CompletionCallbacks(JmsApi api, Supplier<Messages> messages, String owner) {
        this.api = api;
        this.messages = messages;
        this.owner = owner;
    }

    void completed(SendBuffer.Entry e, Object[] args) {
        call(e, "onCompletion", args);
    }

    void failed(SendBuffer.Entry e, Throwable failure) {
        if (e.applicationListener == null) {
            // A plain send the agent made with a listener of its own: the application, which asked for no
            // confirmation, would never have heard of it without the agent either; the operator does.
            Log.warn("{}: the broker refused a send the application made without a CompletionListener: {}", owner, Causes.summary(failure));
            return;
        }
        Exception exception = failure instanceof Exception ? (Exception) failure : new Exception(failure);
        call(e, "onException", new Object[]{e.message, exception});
    }

    /** The connection failed for good or closed: sends with a CompletionListener still pending get the failure. */
    void failAll(List<SendBuffer.Entry> entries, Throwable cause) {
        for (SendBuffer.Entry e : entries) {
            if (e.applicationListener != null) {
                Throwable failure = cause instanceof Exception ? cause
                        : api.exception("JMSException", "Reattach: " + owner + ": the send could not be completed", "SEND_FAILED", cause);
                failed(e, failure);
            }
        }
    }

    private void call(SendBuffer.Entry e, String callback, Object[] args) {
        if (e.applicationListener == null || !e.finish()) {
            return;
        }
        try {
            messages.get().completionCallback(callback).invoke(e.applicationListener, args);
        } catch (InvocationTargetException x) {
            Log.warn("{}: the application's CompletionListener.{} threw {}", owner, callback, Causes.summary(x.getCause()));
        } catch (Throwable t) {
            Log.internalError("calling the application's CompletionListener", t);
        }
    }
}
