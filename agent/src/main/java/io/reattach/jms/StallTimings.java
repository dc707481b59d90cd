package io.reattach.jms;

/**
 * What {@code StallTimeout} (T) turns on in each provider's own heartbeat, so that a connection on which nothing
 * arrives any more is found within T, and a delay of up to 2 s each way (at T = 10 s) is not taken for a stall.
 * Every provider checks "has anything arrived since my last look?" at some interval and fails on the second look
 * that finds nothing, so it finds a stall between one and two intervals after it began: the interval is at most T/2.
 * What each look needs is traffic from the broker more often than the interval, even on an idle connection:
 * <ul>
 * <li>ActiveMQ Artemis (CORE): the client pings every {@code clientFailureCheckPeriod} and the broker answers each
 * ping; the client looks every {@code connectionTTL} (rounded up to whole periods), which the broker also takes as its
 * own time-out for the client. TTL 0.45 T, so that two looks and the scheduling stay within T (measured: T/2 ended at
 * 10.2 s for an idle consumer); period T/40: an answer comes every T/40, so a round trip may grow by 0.425 T at once
 * (4.25 s at T = 10 s: 2 s each way) before a look finds nothing.</li>
 * <li>Qpid JMS (AMQP): {@code amqp.idleTimeout} is the interval; the broker sends an empty frame every half of it.
 * 0.45 T (T/2 ended at 9.9 s for an idle consumer): a delay on the way to the client may grow by 0.225 T at once.</li>
 * <li>ActiveMQ Classic (OpenWire): {@code wireFormat.maxInactivityDuration} M is both the client's interval and, on
 * the broker, the keep-alive cadence (every M/3 on a Classic broker, every M/2 rounded up to its 2 s check on
 * Artemis), and a skipped look makes the client's own check take up to 3M. So M = T keeps the keep-alives coming,
 * and the agent itself watches the client's receive counter ({@link OpenWireStallWatch}): nothing read for
 * {@link #silenceMillis()} (0.9 T), looked at every {@link #watchPeriodMillis()} (T/20), is a stall.</li>
 * <li>RabbitMQ (amqp-client under its JMS client): the requested heartbeat H, in whole seconds; the broker takes the
 * lower of its own (60 s) and H, and sends a heartbeat every H/2. amqp-client reads with a socket time-out of H/4 and
 * fails the connection at the ninth time-out in a row, so after 2.25 H of silence: H = T/2.25 rounded down (4 s at
 * T = 10 s: found after 9 s), at least 1 s. A delay may grow by 1.75 H at once (7 s at T = 10 s).</li>
 * </ul>
 */
final class StallTimings {

    private final long stallTimeout;

    StallTimings(long stallTimeoutMillis) {
        this.stallTimeout = stallTimeoutMillis;
    }

    /** 0: the providers' heartbeats are left as they are. */
    boolean enabled() {
        return stallTimeout > 0;
    }

    long stallTimeoutMillis() {
        return stallTimeout;
    }

    /** Artemis {@code clientFailureCheckPeriod}: how often the client pings (and so how often the broker answers). */
    long artemisCheckPeriodMillis() {
        return Math.max(25, stallTimeout / 40);
    }

    /** Artemis {@code connectionTTL}: the client's look interval, and the broker's time-out for this client. */
    long artemisConnectionTtlMillis() {
        return stallTimeout * 9 / 20;
    }

    /**
     * How long the Artemis client's own reconnect (its re-attachment) may take before the agent ends it and
     * rebuilds: T/2, 5 s without a StallTimeout. A re-attachment takes a few round trips.
     */
    long artemisReconnectLimitMillis() {
        return stallTimeout > 0 ? stallTimeout / 2 : 5000;
    }

    /** Qpid {@code amqp.idleTimeout}. */
    long qpidIdleTimeoutMillis() {
        return stallTimeout * 9 / 20;
    }

    /** ActiveMQ Classic {@code wireFormat.maxInactivityDuration} (and its initial delay). */
    long openWireInactivityMillis() {
        return stallTimeout;
    }

    /** RabbitMQ's requested heartbeat, in seconds (amqp-client's unit). */
    int rabbitMqHeartbeatSeconds() {
        return (int) Math.max(1, stallTimeout * 4 / 9 / 1000);
    }

    /** Nothing read for this long on an OpenWire connection is a stall. */
    long silenceMillis() {
        return stallTimeout - watchPeriodMillis() * 2;
    }

    /** How often {@link OpenWireStallWatch} looks. */
    long watchPeriodMillis() {
        return Math.max(50, stallTimeout / 20);
    }

    @Override
    public String toString() {
        return "StallTimeout=" + stallTimeout;
    }
}
