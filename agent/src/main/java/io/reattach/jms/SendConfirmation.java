package io.reattach.jms;

/**
 * What a provider's {@code send} returning, and its {@code CompletionListener.onCompletion}, say about the broker: the
 * window's knowledge per provider (ARCHITECTURE.md, "The send buffer"). Known by the package of the provider's
 * connection class, like the other provider-specific code; a provider not named here is taken to behave as the
 * ActiveMQ family does, which is what JMS describes.
 */
enum SendConfirmation {

    /**
     * ActiveMQ Artemis, ActiveMQ Classic, Qpid JMS (and every provider not named here): a persistent send outside a
     * transaction returns once the broker has the message; {@code onCompletion} of a non-persistent send may only mean
     * the message was handed over.
     */
    ON_RETURN,

    /**
     * The RabbitMQ JMS client: {@code send} publishes and returns at once, without waiting for a publisher confirm (its
     * default), so a persistent message the broker has not stored yet is lost when the broker dies; {@code onCompletion}
     * is the broker's publisher confirm, for either delivery mode. The agent makes every send outside a transaction with
     * a {@code CompletionListener} of its own (which turns publisher confirms on for the session's channel) and keeps
     * it in the window until that confirm.
     */
    ON_COMPLETION;

    private static final String RABBITMQ = "com.rabbitmq.jms.";

    static SendConfirmation of(Object providerConnection) {
        return providerConnection.getClass().getName().startsWith(RABBITMQ) ? ON_COMPLETION : ON_RETURN;
    }

    /** Whether a send returning normally means the broker has the message (persistent, outside a transaction). */
    boolean onReturn() {
        return this == ON_RETURN;
    }

    /** Whether {@code onCompletion} of a send of that delivery mode means the broker has the message. */
    boolean onCompletion(boolean persistent) {
        return persistent || this == ON_COMPLETION;
    }
}
