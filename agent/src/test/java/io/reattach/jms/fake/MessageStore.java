package io.reattach.jms.fake;

import javax.jms.Destination;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the {@link FakeBroker} has stored: its queues and topic subscriptions, which survive a crash. Guarded by the
 * broker's lock.
 */
final class MessageStore {

    /** The messages, by queue name or subscription key, oldest first. */
    private final Map<String, Deque<FakeTextMessage>> queues = new HashMap<>();
    /** The subscription keys of each topic. */
    private final Map<String, Set<String>> subscriptions = new HashMap<>();
    private final Set<String> duplicateIds = new HashSet<>();
    private String duplicateIdProperty;
    private int anonymousSubscriptions;

    /** See {@link FakeBroker#detectDuplicates}. */
    void detectDuplicates(String property) {
        duplicateIdProperty = property;
    }

    /** Stores a message on a queue, or a copy on each subscription of a topic; false for a duplicate it dropped. */
    boolean store(Destination destination, FakeTextMessage m) {
        String duplicateId = duplicateIdProperty == null ? null : m.getStringProperty(duplicateIdProperty);
        if (duplicateId != null && !duplicateIds.add(duplicateId)) {
            return false;
        }
        if (destination instanceof FakeTopic) {
            for (String key : subscriptions.getOrDefault(((FakeTopic) destination).name, Collections.emptySet())) {
                queue(key).addLast(m.copy());
            }
        } else {
            queue(((FakeQueue) destination).name).addLast(m);
        }
        return true;
    }

    FakeTextMessage poll(String source) {
        return queue(source).pollFirst();
    }

    boolean isEmpty(String source) {
        return queue(source).isEmpty();
    }

    /** The messages of a queue, oldest first; the queue keeps them. */
    List<FakeTextMessage> messages(String source) {
        return new ArrayList<>(queue(source));
    }

    /** Deliveries that were not acknowledged go back to the head of their queue, in order, marked redelivered. */
    void redeliver(List<Delivery> deliveries) {
        for (int i = deliveries.size() - 1; i >= 0; i--) {
            Delivery d = deliveries.get(i);
            Deque<FakeTextMessage> source = queues.get(d.source);
            if (source != null) { // null: a non-durable subscription that ended with its consumer
                d.message.redelivered = true;
                source.addFirst(d.message);
            }
        }
    }

    /** A subscription to a topic: durable under its key, or non-durable (null key) until {@link #unsubscribe}. */
    String subscribe(FakeTopic topic, String durableKey) {
        String key = durableKey != null ? durableKey : "subscription-" + ++anonymousSubscriptions;
        subscriptions.computeIfAbsent(topic.name, t -> new LinkedHashSet<>()).add(key);
        queue(key);
        return key;
    }

    void unsubscribe(String key) {
        for (Set<String> keys : subscriptions.values()) {
            keys.remove(key);
        }
        queues.remove(key);
    }

    private Deque<FakeTextMessage> queue(String name) {
        return queues.computeIfAbsent(name, n -> new ArrayDeque<>());
    }
}
