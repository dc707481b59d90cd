package io.reattach.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One direction of a {@link ProxyLink}: a reader thread that takes chunks from one socket and a writer thread that
 * writes them to the other, after the faults of this direction ({@link Conditions}) are applied. The queue between
 * them is bounded (a full queue stops the reader, as a full TCP window would), and both threads end when either
 * socket closes.
 */
final class ProxyPipe {

    /** Chunks held between reader and writer: with latency, what is in flight; bounded like a TCP window. */
    private static final int QUEUE_CHUNKS = 1024;
    private static final byte[] END = new byte[0];

    /** The faults of one direction of the network path: every link's pipe in that direction reads them. */
    static final class Conditions {
        volatile long latencyMillis;
        volatile long bytesPerSecond;
        volatile int fragmentBytes;
    }

    /** Chunks from {@code from}, before any fault; returns true to drop the chunk (a fault decided so). */
    interface Filter {
        boolean drop(byte[] chunk);
    }

    private final Socket from;
    private final Socket to;
    private final Conditions conditions;
    private final Filter filter;
    /** The source closed (or failed): the other side should learn of it. */
    private final Runnable onSourceEnd;
    /** Writing to the other side failed: it is gone. */
    private final Runnable onEnd;
    private final BlockingQueue<Delivery> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
    private final String name;
    /** A black hole: what is read is dropped and counted. */
    volatile boolean stalled;
    final java.util.concurrent.atomic.AtomicLong stalledBytes = new java.util.concurrent.atomic.AtomicLong();

    private static final class Delivery {
        final byte[] bytes;
        final long atNanos;

        Delivery(byte[] bytes, long atNanos) {
            this.bytes = bytes;
            this.atNanos = atNanos;
        }
    }

    ProxyPipe(String name, Socket from, Socket to, Conditions conditions, Filter filter, Runnable onSourceEnd, Runnable onEnd) {
        this.name = name;
        this.from = from;
        this.to = to;
        this.conditions = conditions;
        this.filter = filter;
        this.onSourceEnd = onSourceEnd;
        this.onEnd = onEnd;
    }

    void start() {
        daemon(this::readLoop, "fault-proxy-read-" + name).start();
        daemon(this::writeLoop, "fault-proxy-write-" + name).start();
    }

    private void readLoop() {
        byte[] buffer = new byte[16 * 1024];
        long lastDelivery = 0;
        try (InputStream in = from.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                byte[] chunk = Arrays.copyOf(buffer, n);
                if (stalled) {
                    stalledBytes.addAndGet(n);
                    continue; // a black hole: the other side waits
                }
                if (filter.drop(chunk)) {
                    continue;
                }
                // Later chunks never overtake earlier ones, even when the latency shrinks meanwhile.
                long at = Math.max(lastDelivery, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(conditions.latencyMillis));
                lastDelivery = at;
                queue.put(new Delivery(chunk, at));
            }
        } catch (IOException | InterruptedException e) {
            // the link was reset, or the other side closed
        }
        if (stalled) {
            return; // a black hole swallows the close too: the other side keeps its connection until a reset
        }
        onSourceEnd.run(); // it ends the link (and this pipe's writer), after whatever the link does first
    }

    private void writeLoop() {
        try (OutputStream out = to.getOutputStream()) {
            while (true) {
                Delivery d = queue.take();
                if (d.bytes == END) {
                    return;
                }
                sleepNanos(d.atNanos - System.nanoTime());
                write(out, d.bytes);
            }
        } catch (IOException | InterruptedException e) {
            // the link was reset
        } finally {
            onEnd.run();
        }
    }

    /** Writes one chunk: in fragments when asked, each flushed on its own, at most at the bandwidth limit. */
    private void write(OutputStream out, byte[] bytes) throws IOException, InterruptedException {
        int fragment = conditions.fragmentBytes;
        long rate = conditions.bytesPerSecond;
        int step = fragment > 0 ? fragment : bytes.length;
        if (rate > 0) {
            step = (int) Math.max(1, Math.min(step, rate / 20)); // small pieces: the rate holds within 50 ms
        }
        for (int off = 0; off < bytes.length; off += step) {
            int len = Math.min(step, bytes.length - off);
            if (rate > 0) {
                sleepNanos(TimeUnit.SECONDS.toNanos(len) / rate); // the time this piece takes on a link that slow
            }
            out.write(bytes, off, len);
            out.flush();
            if (fragment > 0 && rate <= 0) {
                Thread.sleep(1); // lets each fragment leave as its own segment (TCP_NODELAY is on)
            }
        }
    }

    /** Wakes a writer that waits for a long latency, so that a reset ends it at once. */
    void end() {
        queue.clear();
        queue.offer(new Delivery(END, 0));
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
