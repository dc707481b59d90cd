package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SendBufferTest {

    private final SendBuffer buffer = new SendBuffer("test");

    private static SendBuffer.Entry entry(SendBuffer.Kind kind, long bytes) {
        return new SendBuffer.Entry(null, null, null, new Object[0], kind, bytes, null, null, null);
    }

    @Test
    void neverHoldsMoreThanTheWindowAndDropsTheOldestFromProtection() {
        SendBuffer.Entry first = entry(SendBuffer.Kind.ASYNC, 400);
        buffer.add(first, 0, 1000, false);
        buffer.add(entry(SendBuffer.Kind.ASYNC, 400), 0, 1000, false);
        SendBuffer.Entry third = entry(SendBuffer.Kind.ASYNC, 400);
        buffer.add(third, 0, 1000, false);
        assertEquals(800, buffer.bytes());
        assertEquals(2, buffer.messages());
        assertEquals(1, buffer.dropped());
        assertFalse(buffer.contains(first));
        assertTrue(buffer.contains(third));
        assertEquals(800, buffer.highWaterBytes());
    }

    @Test
    void aSendLargerThanTheWindowIsNotKeptAndTheRestStays() {
        buffer.add(entry(SendBuffer.Kind.ASYNC, 100), 0, 1000, false);
        SendBuffer.Entry huge = entry(SendBuffer.Kind.ASYNC, 5000);
        buffer.add(huge, 0, 1000, false);
        assertFalse(buffer.contains(huge));
        assertEquals(1, buffer.messages());
        assertEquals(1, buffer.dropped());
    }

    @Test
    void aWindowOfZeroKeepsNothing() {
        buffer.add(entry(SendBuffer.Kind.ASYNC, 1), 0, 0, false);
        assertEquals(0, buffer.messages());
        assertEquals(0, buffer.bytes());
    }

    @Test
    void aRoundTripConfirmsOnlyEarlierAsynchronousSendsOfItsGeneration() {
        SendBuffer.Entry async = entry(SendBuffer.Kind.ASYNC, 10);
        SendBuffer.Entry completion = entry(SendBuffer.Kind.COMPLETION, 10);
        SendBuffer.Entry transacted = entry(SendBuffer.Kind.TRANSACTED, 10);
        SendBuffer.Entry otherGeneration = entry(SendBuffer.Kind.ASYNC, 10);
        buffer.add(async, 1, 1000, false);
        buffer.add(completion, 1, 1000, false);
        buffer.add(transacted, 1, 1000, false);
        buffer.add(otherGeneration, 0, 1000, false);
        long mark = buffer.mark();
        SendBuffer.Entry later = entry(SendBuffer.Kind.ASYNC, 10);
        buffer.add(later, 1, 1000, false);
        buffer.roundTrip(mark, 1);
        assertFalse(buffer.contains(async));
        assertTrue(buffer.contains(completion), "confirmed by its CompletionListener only");
        assertTrue(buffer.contains(transacted), "confirmed by its commit only");
        assertTrue(buffer.contains(otherGeneration), "sent on another connection");
        assertTrue(buffer.contains(later), "sent after the round trip began");
        assertEquals(40, buffer.bytes());
    }

    @Test
    void replayTakesTheOldGenerationInOrderAndSkipsCallsInProgress() {
        SendBuffer.Entry a = entry(SendBuffer.Kind.ASYNC, 10);
        SendBuffer.Entry b = entry(SendBuffer.Kind.COMPLETION, 10);
        SendBuffer.Entry c = entry(SendBuffer.Kind.ASYNC, 10);
        buffer.add(a, 0, 1000, false);
        buffer.add(b, 0, 1000, true);
        buffer.add(c, 0, 1000, false);
        List<SendBuffer.Entry> replay = buffer.toReplay(1);
        assertEquals(2, replay.size());
        assertTrue(replay.get(0) == a && replay.get(1) == c);
        buffer.replayed(a, 1);
        buffer.endCall(b);
        List<SendBuffer.Entry> next = buffer.toReplay(1);
        assertTrue(next.get(0) == b && next.get(1) == c);
        assertEquals(1, buffer.replayedSends());
    }

    @Test
    void clearEmptiesTheWindowAndKeepsTheCounters() {
        buffer.add(entry(SendBuffer.Kind.ASYNC, 10), 0, 1000, false);
        assertEquals(1, buffer.clear().size());
        assertEquals(0, buffer.bytes());
        assertEquals(0, buffer.messages());
        assertEquals(10, buffer.highWaterBytes());
    }
}
