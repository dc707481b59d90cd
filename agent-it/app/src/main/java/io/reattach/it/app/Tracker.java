package io.reattach.it.app;

import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.jms.JMSException;
import javax.jms.Message;

/** What was sent and received, by sequence number: the source of lost and duplicate counts. */
final class Tracker {
    /** "" for the one stream of most modes; otherwise the stream's name, printed before each number. */
    private final String stream;
    private final ConcurrentHashMap<Integer, AtomicInteger> received = new ConcurrentHashMap<>();
    private final TreeSet<Integer> sent = new TreeSet<>();
    private final AtomicInteger receivedCount = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    /** First arrivals of a sequence number lower than one that had arrived already: order broken. */
    private final AtomicInteger reordered = new AtomicInteger();
    private int highestFirstArrival;
    private volatile long lastProgress = System.nanoTime();
    /** The message group every message must arrive in ({@code --group}), or null. */
    private volatile String group;

    Tracker() {
        this("");
    }

    /** A tracker of one of several streams: its lines read {@code RECEIVED <stream> <n>}. */
    Tracker(String stream) {
        this.stream = stream.isEmpty() ? "" : stream + " ";
    }

    /** From now on a message that arrives outside {@code group} is a BAD-MESSAGE (not counted as received). */
    void expectGroup(String group) {
        this.group = group;
    }

    synchronized void sent(int seq) {
        sent.add(seq);
    }

    synchronized int sentCount() {
        return sent.size();
    }

    /** A message listener, also called by receive loops. */
    void onMessage(Message m) {
        int seq;
        try {
            seq = m.getIntProperty("seq");
            String expected = group;
            if (expected != null && (!expected.equals(m.getStringProperty("JMSXGroupID")) || m.getIntProperty("JMSXGroupSeq") != seq)) {
                LegacyApp.out("BAD-MESSAGE seq=" + seq + " arrived outside its message group: JMSXGroupID="
                        + m.getStringProperty("JMSXGroupID") + " JMSXGroupSeq=" + m.getObjectProperty("JMSXGroupSeq"));
                return;
            }
        } catch (JMSException | NumberFormatException e) {
            LegacyApp.out("BAD-MESSAGE " + e);
            return;
        }
        receivedCount.incrementAndGet();
        int times = received.computeIfAbsent(seq, k -> new AtomicInteger()).incrementAndGet();
        LegacyApp.out("RECEIVED " + stream + seq);
        if (times > 1) {
            duplicates.incrementAndGet();
            // Named streams (the chaos mode) also say whether the provider marked it redelivered.
            LegacyApp.out("DUPLICATE " + stream + seq + (!stream.isEmpty() && redelivered(m) ? " redelivered" : ""));
        } else {
            synchronized (this) {
                if (seq < highestFirstArrival) {
                    reordered.incrementAndGet();
                    LegacyApp.out("REORDERED " + stream + seq + " after " + highestFirstArrival);
                }
                highestFirstArrival = Math.max(highestFirstArrival, seq);
            }
        }
        lastProgress = System.nanoTime();
        synchronized (this) {
            notifyAll();
        }
    }

    /** The provider's own word on a repeat: redelivered (JMSRedelivered), or a second copy the broker had stored. */
    private static boolean redelivered(Message m) {
        try {
            return m.getJMSRedelivered();
        } catch (JMSException e) {
            return false;
        }
    }

    int receivedCount() {
        return receivedCount.get();
    }

    int reordered() {
        return reordered.get();
    }

    /** How often message {@code seq} arrived. */
    int timesReceived(int seq) {
        AtomicInteger n = received.get(seq);
        return n == null ? 0 : n.get();
    }

    int duplicates() {
        return duplicates.get();
    }

    /** Sequence numbers whose send returned but that never arrived. */
    synchronized TreeSet<Integer> missing() {
        TreeSet<Integer> missing = new TreeSet<>(sent);
        missing.removeAll(received.keySet());
        return missing;
    }

    /** Waits until every message sent arrived, or none arrived for {@code idleMillis}. */
    synchronized void awaitAll(long idleMillis) throws InterruptedException {
        lastProgress = System.nanoTime();
        while (!missing().isEmpty()) {
            long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastProgress);
            if (idle >= idleMillis) {
                return;
            }
            wait(Math.min(200, idleMillis - idle));
        }
    }
}
