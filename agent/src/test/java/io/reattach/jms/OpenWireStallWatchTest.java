package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.activemq.ActiveMQConnection;
import org.junit.jupiter.api.Test;

import io.reattach.policy.ManualTime;

/** The agent's stall watch on ActiveMQ Classic connections, with a stand-in connection and a controlled clock. */
class OpenWireStallWatchTest {

    private final ManualTime time = new ManualTime();
    private final OpenWireStallWatch watch = new OpenWireStallWatch(time, false);
    private final StallTimings timings = new StallTimings(10_000);

    /** Looks every watch period for {@code millis}, moving the receive counter when {@code reading}. */
    private void run(ActiveMQConnection c, long millis, boolean reading) {
        for (long t = 0; t < millis; t += timings.watchPeriodMillis()) {
            time.advanceMillis(timings.watchPeriodMillis());
            if (reading) {
                c.transport.receiveCounter++;
            }
            watch.look();
        }
    }

    @Test
    void aConnectionThatKeepsReadingIsNeverFailed() {
        ActiveMQConnection c = new ActiveMQConnection();
        watch.watch(c, timings, "test");
        run(c, 60_000, true);
        assertNull(c.transport.failure);
        assertEquals(1, watch.watching());
    }

    @Test
    void aConnectionThatReadsNothingForTheSilenceIsFailedOnceThroughItsTransport() {
        ActiveMQConnection c = new ActiveMQConnection();
        watch.watch(c, timings, "test");
        run(c, 3000, true);
        run(c, timings.silenceMillis() - timings.watchPeriodMillis(), false);
        assertNull(c.transport.failure, "failed before the silence was over");
        run(c, timings.watchPeriodMillis(), false);
        assertTrue(c.transport.failure.getMessage().contains("nothing arrived from the broker for 9000 ms"), String.valueOf(c.transport.failure));
        run(c, 30_000, false);
        assertEquals(1, c.transport.failures, "failed more than once");
        assertEquals(0, watch.watching());
    }

    @Test
    void aConnectionSilentFromTheStartIsFailedWithinTheStallTimeoutOfBeingWatched() {
        ActiveMQConnection c = new ActiveMQConnection();
        long watched = time.nanoTime();
        watch.watch(c, timings, "test");
        run(c, timings.silenceMillis(), false);
        assertNull(c.transport.failure, "failed before the silence was over, counted from the first look");
        run(c, timings.watchPeriodMillis(), false);
        assertTrue(c.transport.failure.getMessage().contains("nothing arrived from the broker for 9000 ms"), String.valueOf(c.transport.failure));
        assertTrue(time.nanoTime() - watched <= java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timings.stallTimeoutMillis()),
                "found later than StallTimeout after the connection was watched");
    }

    @Test
    void aClosedConnectionIsForgotten() {
        ActiveMQConnection c = new ActiveMQConnection();
        watch.watch(c, timings, "test");
        c.closed = true;
        run(c, 30_000, false);
        assertNull(c.transport.failure);
        assertEquals(0, watch.watching());
    }

    @Test
    void onlyClassicConnectionsAreWatchedAndOnlyWithAStallTimeout() {
        watch.watch(new Object(), timings, "test");
        watch.watch(new ActiveMQConnection(), new StallTimings(0), "test");
        assertEquals(0, watch.watching());
    }
}
