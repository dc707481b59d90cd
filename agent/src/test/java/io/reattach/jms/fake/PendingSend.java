package io.reattach.jms.fake;

import javax.jms.CompletionListener;
import javax.jms.Destination;
import javax.jms.Message;

/** A send the broker has not stored yet: in flight, or in an open transaction. */
final class PendingSend {
    final Destination destination;
    /** What the broker stores: a copy made at send time. */
    final FakeTextMessage copy;
    /** The application's message, for its CompletionListener. */
    final Message sent;
    final CompletionListener completionListener;

    PendingSend(Destination destination, FakeTextMessage copy, Message sent, CompletionListener completionListener) {
        this.destination = destination;
        this.copy = copy;
        this.sent = sent;
        this.completionListener = completionListener;
    }
}
