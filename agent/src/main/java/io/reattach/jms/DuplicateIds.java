package io.reattach.jms;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.reattach.config.Settings;

/**
 * Mints and stamps duplicate-detection ids ({@code DuplicateDetection=YES}) for one application connection, and
 * counts them.
 */
final class DuplicateIds {

    private static final AtomicLong COUNTER = new AtomicLong();

    private final Supplier<Settings> settings;
    private final AtomicLong stamped = new AtomicLong();

    DuplicateIds(Supplier<Settings> settings) {
        this.settings = settings;
    }

    /** Whether sends are stamped now ({@code DuplicateDetection=YES}); the send path reads it once per settings object. */
    boolean enabled() {
        return settings.get().duplicateDetection();
    }

    /** Stamps a new id on a message unless it carries the application's own; returns it or null. */
    String stampMessage(Messages messages, Object message) {
        String id = messages.stampMessage(message, property(), Prefix.VALUE + COUNTER.incrementAndGet(), Prefix.VALUE);
        if (id != null) {
            stamped.incrementAndGet();
        }
        return id;
    }

    /** The same on a provider JMSProducer; {@code earlier} is the id of an earlier attempt of the same send, or null. */
    String stampProducer(Object producer, String earlier) {
        String id = Messages.stampProducer(producer, property(), earlier != null ? earlier : Prefix.VALUE + COUNTER.incrementAndGet(), Prefix.VALUE);
        if (id != null && earlier == null) {
            stamped.incrementAndGet();
        }
        return id;
    }

    /** Puts the id of the first attempt on the JMSProducer rebuilt for a replay. */
    void restampProducer(Object producer, String id) {
        Messages.stampProducer(producer, property(), id, Prefix.VALUE);
    }

    private String property() {
        return settings.get().duplicateDetectionProperty();
    }

    long stamped() {
        return stamped.get();
    }

    /**
     * Starts every id this JVM stamps: random per JVM, so that ids never repeat across restarts, and recognisable,
     * so that an id the agent stamped on a message object is not taken for the application's own when the
     * application sends that object again. Made on the first stamp (a holder class): seeding a {@code SecureRandom}
     * took 10 to 15 ms of an ActiveMQ Classic application's first {@code createConnection}, with duplicate detection
     * off, as it is by default.
     */
    static final class Prefix {
        static final String VALUE = "reattach-" + Long.toHexString(new SecureRandom().nextLong()) + "-";

        private Prefix() {
        }
    }
}
