package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SendBufferTest {

    private long now;
    private final SendBuffer buffer = new SendBuffer("test", () -> now);

    private static SendBuffer.Entry entry(SendBuffer.Kind kind, long bytes) {
        return entry(kind, bytes, null);
    }

    private static SendBuffer.Entry entry(SendBuffer.Kind kind, long bytes, ObjectNode session) {
        return new SendBuffer.Entry(kind, null, session, null, new Object[0], bytes, null, -1, null, null);
    }

    @Test
    void neverHoldsMoreThanTheWindowAndDropsTheOldestFromProtection() {
        SendBuffer.Entry first = entry(SendBuffer.Kind.ASYNC, 400);
        buffer.add(first, 0, 1000);
        buffer.add(entry(SendBuffer.Kind.ASYNC, 400), 0, 1000);
        SendBuffer.Entry third = entry(SendBuffer.Kind.ASYNC, 400);
        buffer.add(third, 0, 1000);
        assertEquals(800, buffer.bytes());
        assertEquals(2, buffer.messages());
        assertEquals(1, buffer.dropped());
        assertFalse(buffer.contains(first));
        assertTrue(buffer.contains(third));
        assertEquals(800, buffer.highWaterBytes());
    }

    @Test
    void aSendLargerThanTheWindowIsNotKeptAndTheRestStays() {
        buffer.add(entry(SendBuffer.Kind.ASYNC, 100), 0, 1000);
        SendBuffer.Entry huge = entry(SendBuffer.Kind.ASYNC, 5000);
        buffer.add(huge, 0, 1000);
        assertFalse(buffer.contains(huge));
        assertEquals(1, buffer.messages());
        assertEquals(1, buffer.dropped());
    }

    @Test
    void aWindowOfZeroKeepsNothing() {
        buffer.add(entry(SendBuffer.Kind.ASYNC, 1), 0, 0);
        assertEquals(0, buffer.messages());
        assertEquals(0, buffer.bytes());
    }

    @Test
    void aRoundTripConfirmsOnlyEarlierAsynchronousSendsOfItsGeneration() {
        SendBuffer.Entry async = entry(SendBuffer.Kind.ASYNC, 10);
        SendBuffer.Entry completion = entry(SendBuffer.Kind.COMPLETION, 10);
        SendBuffer.Entry transacted = entry(SendBuffer.Kind.TRANSACTED, 10);
        SendBuffer.Entry otherGeneration = entry(SendBuffer.Kind.ASYNC, 10);
        buffer.add(async, 1, 1000);
        buffer.add(completion, 1, 1000);
        buffer.add(transacted, 1, 1000);
        buffer.add(otherGeneration, 0, 1000);
        long mark = buffer.mark();
        SendBuffer.Entry later = entry(SendBuffer.Kind.ASYNC, 10);
        buffer.add(later, 1, 1000);
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
        buffer.add(a, 0, 1000);
        buffer.begin(b, 0, 1000);
        buffer.add(c, 0, 1000);
        List<SendBuffer.Entry> replay = buffer.toReplay(1);
        assertEquals(2, replay.size());
        assertTrue(replay.get(0) == a && replay.get(1) == c);
        buffer.replayed(a, 1);
        buffer.returned(b);
        List<SendBuffer.Entry> next = buffer.toReplay(1);
        assertTrue(next.get(0) == b && next.get(1) == c);
        assertEquals(1, buffer.replayedSends());
    }

    @Test
    void clearEmptiesTheWindowAndKeepsTheCounters() {
        buffer.add(entry(SendBuffer.Kind.ASYNC, 10), 0, 1000);
        assertEquals(1, buffer.takeAll().size());
        assertEquals(0, buffer.bytes());
        assertEquals(0, buffer.messages());
        assertEquals(10, buffer.highWaterBytes());
    }

    /** A send with a CompletionListener whose provider call began on generation 0. */
    private SendBuffer.Entry begun() {
        SendBuffer.Entry e = entry(SendBuffer.Kind.COMPLETION, 10);
        buffer.begin(e, 0, 1000);
        return e;
    }

    @Test
    void aFailureReportLeavesTheSendsOfAConnectionClosedInAnOutageToTheClose() {
        SendBuffer.Entry first = begun();
        SendBuffer.Entry second = begun();
        SendBuffer.Entry third = begun();

        assertTrue(buffer.settleFailed(first, false), "a healthy connection refused it: its reporter tells the application");
        assertFalse(buffer.contains(first));
        assertFalse(buffer.settleFailed(second, true), "the close that began takes it, with the older sends");
        assertTrue(buffer.contains(second));

        assertEquals(List.of(second, third), buffer.takeAllAtClose());
        assertFalse(buffer.settleFailed(third, false), "taken: whoever took it fails it, in send order");
        SendBuffer.Entry racingTheClose = begun();
        assertTrue(buffer.settleFailed(racingTheClose, true), "after the close took the window, nobody else would tell it");
    }

    @Test
    void aFailureReportAfterACloseWhileConnectedIsTheReportersToTell() {
        SendBuffer.Entry late = begun();
        buffer.clear();
        assertTrue(buffer.settleFailed(late, false), "nobody else fails it: the provider's close completed the rest");
    }

    @Test
    void aTransactionWhoseSendIsDroppedFromTheWindowCannotBeReplayed() {
        ObjectNode session = TransactedSession.node();
        Transaction transaction = session.transaction;
        transaction.sent();
        SendBuffer.Entry first = entry(SendBuffer.Kind.TRANSACTED, 600, session);
        buffer.add(first, 0, 1000);
        assertTrue(transaction.canReplay(true), "every send of the transaction is still in the window");
        buffer.add(entry(SendBuffer.Kind.ASYNC, 600), 0, 1000);
        assertFalse(buffer.contains(first), "dropped to make room");
        assertFalse(transaction.canReplay(true), "a send of the transaction left the window");
        transaction.connectionReplaced(true);
        assertTrue(transaction.takeLost(), "its commit must throw");
    }

    @Test
    void aFailedCallLeavesTheWindowButStaysPendingWhileTheApplicationRepeatsIt() {
        SendBuffer.Entry completion = entry(SendBuffer.Kind.COMPLETION, 10);
        buffer.begin(completion, 0, 1000);
        buffer.failed(completion, true);
        assertFalse(buffer.contains(completion));
        assertTrue(buffer.isPending(completion), "the application's thread sends it again");
        buffer.begin(completion, 1, 1000);
        buffer.completed(completion, true);
        assertFalse(buffer.isPending(completion));
        assertEquals(0, buffer.messages());
    }

    @Test
    void aNonPersistentCompletionWaitsForARoundTrip() {
        SendBuffer.Entry completion = entry(SendBuffer.Kind.COMPLETION, 10);
        buffer.begin(completion, 0, 1000);
        buffer.returned(completion);
        buffer.completed(completion, false);
        assertTrue(buffer.contains(completion), "handed over, not confirmed");
        buffer.roundTrip(buffer.mark(), 0);
        assertFalse(buffer.contains(completion));
    }

    @Test
    void aWindowThatFillsAgainAndAgainIsLoggedAtMostOnceAMinute() {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            for (int episode = 0; episode < 5; episode++) { // a persistent send empties the window between episodes
                fillPastTheWindowThenConfirm();
                now += TimeUnit.SECONDS.toNanos(1);
            }
            assertEquals(1, fullLines(err), err.toString());
            assertTrue(err.toString().contains("(1 so far;"), err.toString());

            now += SendBuffer.FULL_LOG_INTERVAL_NANOS;
            fillPastTheWindowThenConfirm();
            assertEquals(2, fullLines(err), err.toString());
            assertTrue(err.toString().contains("(6 so far, and it filled 4 times more since the last line;"), err.toString());
        } finally {
            System.setErr(originalErr);
        }
        assertEquals(6, buffer.dropped());
    }

    /** Three sends into a window of two, then a round trip that confirms them: one episode of a full window. */
    private void fillPastTheWindowThenConfirm() {
        for (int i = 0; i < 3; i++) {
            buffer.add(entry(SendBuffer.Kind.ASYNC, 400), 0, 1000);
        }
        buffer.roundTrip(buffer.mark(), 0);
        assertEquals(0, buffer.messages());
    }

    private static long fullLines(ByteArrayOutputStream err) {
        return err.toString().lines().filter(l -> l.contains("the confirmation window (1000 bytes) is full")).count();
    }
}
