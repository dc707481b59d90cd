package io.reattach.policy;

/** The lifecycle events of one reconnect, as named in {@code ExceptionListenerEvents} and in JMSException error codes. */
public enum ReconnectEvent {
    RECONNECTING,
    RECONNECTED,
    RECONNECT_FAILED
}
