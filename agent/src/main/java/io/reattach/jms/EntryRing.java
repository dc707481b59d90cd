package io.reattach.jms;

/**
 * The send buffer's entries in the order sent: a ring of slots, each entry's size and kind kept beside it. The oldest
 * entry leaves at the head when the window makes room ({@link #removeOldest}); any other leaves by its slot being
 * cleared ({@link #remove}), and the head moves past cleared slots when the ring is next added to or dropped from,
 * never while the caller walks it ({@link #at}).
 *
 * <p>Why a ring with the sizes beside it, not a deque of entries: once the window is full, every send makes room by
 * dropping the oldest entry, created a window's worth of sends earlier (about 1,300 sends with a 1 MiB window and
 * small messages); its memory has long left the processor's caches, and reading its fields there was the largest
 * cost of a non-persistent send with the agent (BENCHMARKS.md, "The send buffer"). Here, dropping the oldest reads
 * only the ring's own arrays. An entry knows its slot; it is in the ring while that slot holds it, so a dropped entry
 * is never written to either.
 *
 * <p>Not thread-safe: {@link SendBuffer}'s lock guards it.
 */
final class EntryRing {

    private static final int INITIAL_SLOTS = 16;

    private SendBuffer.Entry[] slots = new SendBuffer.Entry[INITIAL_SLOTS];
    private long[] sizes = new long[INITIAL_SLOTS];
    private boolean[] transacted = new boolean[INITIAL_SLOTS];
    /** The slot of the oldest entry, or of a cleared slot before it. */
    private int head;
    /** Slots from the head to the newest entry, cleared ones included. */
    private int span;
    private int count;
    private long bytes;

    /** Entries in the ring. */
    int count() {
        return count;
    }

    /** The sum of their sizes. */
    long bytes() {
        return bytes;
    }

    void add(SendBuffer.Entry e) {
        trimHead();
        if (span == slots.length) {
            relayout();
        }
        int slot = (head + span) & (slots.length - 1);
        slots[slot] = e;
        sizes[slot] = e.bytes;
        transacted[slot] = e.isTransacted();
        e.slot = slot;
        span++;
        count++;
        bytes += e.bytes;
    }

    boolean contains(SendBuffer.Entry e) {
        int slot = e.slot;
        return slot >= 0 && slot < slots.length && slots[slot] == e;
    }

    /** Whether the oldest entry belongs to a transaction (the ring is not empty); read from the ring, not the entry. */
    boolean oldestIsTransacted() {
        trimHead();
        return transacted[head];
    }

    /** Takes the oldest entry out (the ring is not empty) and returns it, without reading it. */
    SendBuffer.Entry removeOldest() {
        trimHead();
        SendBuffer.Entry oldest = slots[head];
        clear(head);
        return oldest;
    }

    /** Takes an entry out; false when it was not in. */
    boolean remove(SendBuffer.Entry e) {
        if (!contains(e)) {
            return false;
        }
        clear(e.slot);
        return true;
    }

    /** Slots from the head, for walking the entries oldest first: {@code at(0)} to {@code at(span() - 1)}. */
    int span() {
        return span;
    }

    /** The entry {@code i} slots after the head, or null where one was taken out. */
    SendBuffer.Entry at(int i) {
        return slots[(head + i) & (slots.length - 1)];
    }

    private void trimHead() {
        while (span > 0 && slots[head] == null) {
            head = (head + 1) & (slots.length - 1);
            span--;
        }
        if (span == 0) {
            head = 0;
        }
    }

    private void clear(int slot) {
        slots[slot] = null;
        count--;
        bytes -= sizes[slot];
    }

    /**
     * The ring is full: the entries move to the front of a new ring, twice as large when more than half the slots
     * hold entries, else as large (the cleared slots are reclaimed). So the ring stays within four times the most
     * entries it held at once. Only here are entries written to after their add (their new slot).
     */
    private void relayout() {
        int capacity = count > slots.length / 2 ? slots.length * 2 : slots.length;
        SendBuffer.Entry[] newSlots = new SendBuffer.Entry[capacity];
        long[] newSizes = new long[capacity];
        boolean[] newTransacted = new boolean[capacity];
        int n = 0;
        for (int i = 0; i < span; i++) {
            int from = (head + i) & (slots.length - 1);
            SendBuffer.Entry e = slots[from];
            if (e != null) {
                newSlots[n] = e;
                newSizes[n] = sizes[from];
                newTransacted[n] = transacted[from];
                e.slot = n;
                n++;
            }
        }
        slots = newSlots;
        sizes = newSizes;
        transacted = newTransacted;
        head = 0;
        span = n;
    }

    /** Empties the ring; the arrays are kept for the next entries. */
    void clearAll() {
        for (int i = 0; i < span; i++) {
            slots[(head + i) & (slots.length - 1)] = null;
        }
        head = 0;
        span = 0;
        count = 0;
        bytes = 0;
    }
}
