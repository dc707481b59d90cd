package io.reattach.it.app;

import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.jms.JMSException;
import javax.jms.Message;

/** What was sent and received, by sequence number: the source of lost and duplicate counts. */
final class Tracker {
    private final ConcurrentHashMap<Integer, AtomicInteger> received = new ConcurrentHashMap<>();
    private final TreeSet<Integer> sent = new TreeSet<>();
    private final AtomicInteger receivedCount = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    /** First arrivals of a sequence number lower than one that had arrived already: order broken. */
    private final AtomicInteger reordered = new AtomicInteger();
    private int highestFirstArrival;
    private volatile long lastProgress = System.nanoTime();

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
        } catch (JMSException e) {
            LegacyApp.out("BAD-MESSAGE " + e);
            return;
        }
        receivedCount.incrementAndGet();
        int times = received.computeIfAbsent(seq, k -> new AtomicInteger()).incrementAndGet();
        LegacyApp.out("RECEIVED " + seq);
        if (times > 1) {
            duplicates.incrementAndGet();
            LegacyApp.out("DUPLICATE " + seq);
        } else {
            synchronized (this) {
                if (seq < highestFirstArrival) {
                    reordered.incrementAndGet();
                    LegacyApp.out("REORDERED " + seq + " after " + highestFirstArrival);
                }
                highestFirstArrival = Math.max(highestFirstArrival, seq);
            }
        }
        lastProgress = System.nanoTime();
        synchronized (this) {
            notifyAll();
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
