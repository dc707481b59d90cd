package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The send buffer's storage: send order and membership through wrap-arounds, growth and removals out of order. */
class EntryRingTest {

    private final EntryRing ring = new EntryRing();

    private static SendBuffer.Entry entry(long bytes, boolean transacted) {
        return new SendBuffer.Entry(transacted ? SendBuffer.Kind.TRANSACTED : SendBuffer.Kind.ASYNC, null, null, null,
                new Object[0], bytes, null, -1, null, null);
    }

    private List<SendBuffer.Entry> walk() {
        List<SendBuffer.Entry> entries = new ArrayList<>();
        for (int i = 0; i < ring.span(); i++) {
            if (ring.at(i) != null) {
                entries.add(ring.at(i));
            }
        }
        return entries;
    }

    @Test
    void theOldestLeavesFirstAndTheRingKeepsItsOrderWhenItWrapsAndGrows() {
        Deque<SendBuffer.Entry> expected = new ArrayDeque<>();
        long bytes = 0;
        for (int i = 0; i < 1000; i++) {
            SendBuffer.Entry e = entry(i + 1, false);
            ring.add(e);
            expected.addLast(e);
            bytes += e.bytes;
            if (i % 3 == 2) { // the window drops one for each two added: the head goes round the ring
                SendBuffer.Entry oldest = ring.removeOldest();
                assertSame(expected.pollFirst(), oldest);
                assertFalse(ring.contains(oldest));
                bytes -= oldest.bytes;
            }
        }
        assertEquals(new ArrayList<>(expected), walk());
        assertEquals(expected.size(), ring.count());
        assertEquals(bytes, ring.bytes());
        expected.forEach(e -> assertTrue(ring.contains(e)));
    }

    @Test
    void anEntryTakenOutOfTheMiddleIsSkippedAndTheOthersKeepTheirOrder() {
        List<SendBuffer.Entry> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(entry(10, false));
            ring.add(all.get(i));
        }
        Random random = new Random(42);
        List<SendBuffer.Entry> left = new ArrayList<>(all);
        for (int i = 0; i < 25; i++) {
            SendBuffer.Entry e = left.remove(random.nextInt(left.size()));
            assertTrue(ring.remove(e));
            assertFalse(ring.remove(e), "taken out once");
            assertFalse(ring.contains(e));
        }
        assertEquals(left, walk());
        assertEquals(15, ring.count());
        assertEquals(150, ring.bytes());
        assertSame(left.get(0), ring.removeOldest(), "the head skips what was taken out before it");
        for (int i = 0; i < 100; i++) { // fills the ring past its size: the taken-out slots are reclaimed
            SendBuffer.Entry e = entry(10, false);
            ring.add(e);
            left.add(e);
        }
        left.remove(0);
        assertEquals(left, walk());
        left.forEach(e -> assertTrue(ring.contains(e)));
    }

    @Test
    void anEntryThatLeftIsNotInTheRingEvenWhenItsSlotHoldsAnother() {
        SendBuffer.Entry first = entry(1, false);
        ring.add(first);
        ring.removeOldest();
        SendBuffer.Entry second = entry(1, false);
        ring.add(second); // the same slot
        assertFalse(ring.contains(first));
        assertTrue(ring.contains(second));
        assertFalse(ring.contains(entry(1, false)), "never added");
        ring.clearAll();
        assertFalse(ring.contains(second));
        assertEquals(0, ring.count());
        assertEquals(0, ring.bytes());
        assertTrue(walk().isEmpty());
    }

    @Test
    void theRingSaysWhetherTheOldestBelongsToATransactionWithoutTheEntry() {
        ring.add(entry(1, true));
        ring.add(entry(1, false));
        assertTrue(ring.oldestIsTransacted());
        ring.removeOldest();
        assertFalse(ring.oldestIsTransacted());
    }
}
