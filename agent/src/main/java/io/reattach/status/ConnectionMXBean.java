package io.reattach.status;

/**
 * What JMX shows of one connection Reattach manages ({@code io.reattach:type=Connection,id=N}). Plain types only, so
 * that any JMX console (JConsole, VisualVM) and {@code status <pid>} read it without Reattach's classes. Never holds
 * a password: the user name is shown, the password given to {@code createConnection(user, password)} is not.
 */
public interface ConnectionMXBean {

    /** The number in {@code connection #N} of the agent's log lines. */
    int getId();

    /** {@code Connection} or {@code JMSContext}. */
    String getType();

    /** CONNECTED, RECONNECTING, FAILED (the policy gave up) or CLOSED. */
    String getState();

    /** The broker address the factory connects to, without user, password or URL options; empty when unknown. */
    String getTarget();

    /** The provider's ConnectionFactory class. */
    String getProvider();

    /** The user name given to {@code createConnection(user, password)}; empty when none was given. */
    String getUser();

    /** Reconnects that succeeded. */
    int getReconnects();

    /**
     * Network failures the provider itself recovered from by re-attaching to the sessions the broker kept (ActiveMQ
     * Artemis): the agent rebuilt nothing. Not counted in {@link #getReconnects()}.
     */
    int getReattaches();

    /** The failure that started the last outage, as {@code Class: message}; empty when none. */
    String getLastFailure();

    /** When that failure was seen, ISO-8601 UTC; empty when none. */
    String getLastFailureTime();

    /** When the application created the connection, ISO-8601 UTC. */
    String getCreated();

    /** Bytes of sends kept for replay. */
    long getBufferedBytes();

    /** Sends kept for replay. */
    int getBufferedMessages();

    /** The most estimated bytes the confirmation window has held at once: how close the load came to its size. */
    long getBufferHighWaterBytes();

    /** Sends dropped from protection (not kept for replay) because the confirmation window was full. */
    long getDroppedFromProtection();

    /** Sends replayed after a reconnect. */
    long getReplayedSends();

    /** Sends stamped with a duplicate-detection id. */
    long getDuplicatesStamped();
}
