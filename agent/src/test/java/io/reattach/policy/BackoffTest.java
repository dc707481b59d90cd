package io.reattach.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reconnect loop's view of a policy, driven by a fake clock: nothing here sleeps. */
class BackoffTest {

    private static final DelaySchedule FIXED_1S = new ReconDelaySchedule(Collections.singletonList(new DelayStep(1000, 0)));

    private final FakeClock clock = new FakeClock();

    private ReconnectPolicy policy(DelaySchedule schedule, int attempts, long timeoutMillis) {
        return ReconnectPolicy.builder().schedule(schedule).maxAttempts(attempts).timeoutMillis(timeoutMillis).build();
    }

    /** Runs a backoff to its end as a reconnect loop would, every attempt failing at once. */
    private List<Long> drain(Backoff b) {
        List<Long> delays = new ArrayList<>();
        for (long d = b.nextDelayMillis(); d != Backoff.STOP; d = b.nextDelayMillis()) {
            delays.add(d);
            clock.advanceMillis(d);
            assertTrue(delays.size() < 100_000, "the sequence must end");
        }
        return delays;
    }

    @Test
    void theAttemptsEndTheSequence() {
        Backoff b = policy(FIXED_1S, 3, 3_600_000).start(clock, new Random(1));
        assertEquals(Arrays.asList(1000L, 1000L, 1000L), drain(b));
        assertEquals(3, b.attempts());
        assertEquals(Backoff.STOP, b.nextDelayMillis(), "stays stopped");
        assertEquals(3, b.attempts());
    }

    @Test
    void zeroAttemptsGiveUpAtOnce() {
        Backoff b = policy(FIXED_1S, 0, 3_600_000).start(clock, new Random(1));
        assertEquals(Backoff.STOP, b.nextDelayMillis());
        assertEquals(0, b.attempts());
    }

    @Test
    void theTimeoutEndsAnUnlimitedSequenceAndTheLastDelayIsShortenedToTheDeadline() {
        // 1s, 2s, 4s, 8s then capped at 8s; the deadline at 20s cuts the fifth delay to 5s (1+2+4+8 = 15).
        Backoff b = policy(new ExponentialSchedule(1000, 2.0, 8000), ReconnectPolicy.UNLIMITED, 20_000).start(clock, new Random(1));
        assertEquals(Arrays.asList(1000L, 2000L, 4000L, 8000L, 5000L), drain(b));
        assertEquals(5, b.attempts());
        assertEquals(0, b.remainingMillis());
        assertEquals(20_000, b.elapsedMillis());
    }

    @Test
    void timeSpentInTheAttemptsCountsAgainstTheTimeout() {
        Backoff b = policy(FIXED_1S, ReconnectPolicy.UNLIMITED, 10_000).start(clock, new Random(1));
        assertEquals(1000, b.nextDelayMillis());
        clock.advanceMillis(1000 + 7500); // the wait, then a connect attempt that hung for 7.5 s
        assertEquals(1500, b.remainingMillis());
        assertEquals(1000, b.nextDelayMillis());
        clock.advanceMillis(1000);
        assertEquals(500, b.nextDelayMillis(), "shortened to the deadline");
        clock.advanceMillis(500);
        assertEquals(Backoff.STOP, b.nextDelayMillis());
        assertEquals(3, b.attempts());
    }

    @Test
    void whicheverLimitComesFirstWins() {
        assertEquals(2, drain(policy(FIXED_1S, 2, 60_000).start(clock, new Random(1))).size());
        assertEquals(5, drain(policy(FIXED_1S, 50, 5_000).start(clock, new Random(1))).size());
    }

    @Test
    void aZeroTimeoutStopsAtOnce() {
        Backoff b = policy(FIXED_1S, ReconnectPolicy.UNLIMITED, 0).start(clock, new Random(1));
        assertEquals(Backoff.STOP, b.nextDelayMillis());
        assertEquals(0, b.attempts());
    }

    @Test
    void theMqScheduleWithItsRandomPartsUnderTheDefaultPolicy() {
        ReconnectPolicy p = ReconnectPolicy.builder().build(); // IBM MQ schedule, unlimited, 1800 s
        Backoff b = p.start(clock, new Random(3));
        List<Long> delays = drain(b);
        long total = 0;
        for (int i = 0; i < delays.size(); i++) {
            long d = delays.get(i);
            total += d;
            if (i < delays.size() - 1) {
                DelayStep step = ReconDelaySchedule.IBM_MQ_DEFAULT.steps().get(Math.min(i, 5));
                assertTrue(d >= step.fixedMillis() && d <= step.fixedMillis() + step.randomMillis(), "delay " + i + ": " + d);
            }
        }
        assertEquals(1_800_000, total, "the delays end exactly at the timeout");
        assertTrue(delays.size() > 60 && delays.size() < 80, "about 1800 s / 28 s attempts: " + delays.size());
    }

    @Test
    void theClockMayWrapAround() {
        FakeClock nearWrap = new FakeClock(Long.MAX_VALUE - 500_000_000L); // 0.5 s before nanoTime wraps
        Backoff b = policy(FIXED_1S, ReconnectPolicy.UNLIMITED, 3000).start(nearWrap, new Random(1));
        assertEquals(1000, b.nextDelayMillis());
        nearWrap.advanceMillis(1000);
        assertEquals(2000, b.remainingMillis());
        assertEquals(1000, b.elapsedMillis());
    }

    @Test
    void thePolicyValidatesItsValues() {
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.builder().maxAttempts(-2));
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.builder().timeoutMillis(-1));
        assertThrows(NullPointerException.class, () -> ReconnectPolicy.builder().schedule(null));
        ReconnectPolicy p = ReconnectPolicy.builder().maxAttempts(0).build();
        assertEquals(0, p.maxAttempts());
        assertEquals(1_800_000, p.timeoutMillis());
        assertEquals(ReconDelaySchedule.IBM_MQ_DEFAULT, p.schedule());
        ReconnectPolicy copy = p.toBuilder().timeoutMillis(5000).build();
        assertEquals(0, copy.maxAttempts());
        assertEquals(5000, copy.timeoutMillis());
        assertEquals("ReconDelay=(1000,250)(2000,500)(4000,1000)(8000,2000)(16000,4000)(25000,6250), ReconnectAttempts=0, MQReconnectTimeout=1800s",
                p.toString());
        assertEquals("RetryInterval=2000, RetryIntervalMultiplier=1.0, MaxRetryInterval=2000, ReconnectAttempts=-1, MQReconnectTimeout=1800s",
                ReconnectPolicy.builder().schedule(ExponentialSchedule.ARTEMIS_DEFAULT).build().toString());
    }
}
