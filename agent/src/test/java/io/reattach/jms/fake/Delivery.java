package io.reattach.jms.fake;

/** A message given to a consumer and not acknowledged yet: where it came from, and the broker's copy. */
final class Delivery {
    final String source;
    final FakeTextMessage message;

    Delivery(String source, FakeTextMessage message) {
        this.source = source;
        this.message = message;
    }
}
