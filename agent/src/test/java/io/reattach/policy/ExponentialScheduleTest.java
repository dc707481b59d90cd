package io.reattach.policy;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExponentialScheduleTest {

    private final Random random = new Random(1);

    @Test
    void growsByTheMultiplierUntilTheCap() {
        ExponentialSchedule s = new ExponentialSchedule(100, 2.0, 1000);
        long[] expected = {100, 200, 400, 800, 1000, 1000, 1000};
        for (int attempt = 1; attempt <= expected.length; attempt++) {
            assertEquals(expected[attempt - 1], s.delayMillis(attempt, random), "attempt " + attempt);
        }
    }

    @Test
    void fractionalMultiplier() {
        ExponentialSchedule s = new ExponentialSchedule(1000, 1.5, 5000);
        assertEquals(1000, s.delayMillis(1, random));
        assertEquals(1500, s.delayMillis(2, random));
        assertEquals(2250, s.delayMillis(3, random));
        assertEquals(3375, s.delayMillis(4, random));
        assertEquals(5000, s.delayMillis(5, random));
    }

    @Test
    void staysAtTheCapForHugeAttemptNumbersWithoutOverflow() {
        ExponentialSchedule s = new ExponentialSchedule(2000, 10.0, 60_000);
        assertEquals(60_000, s.delayMillis(1_000, random));
        assertEquals(60_000, s.delayMillis(Integer.MAX_VALUE, random));
        ExponentialSchedule uncapped = new ExponentialSchedule(1, 2.0, Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, uncapped.delayMillis(Integer.MAX_VALUE, random));
    }

    @Test
    void zeroIntervalStaysZero() {
        // 0 * Infinity is NaN for huge attempts: the result must still be 0.
        ExponentialSchedule s = new ExponentialSchedule(0, 3.0, 1000);
        assertEquals(0, s.delayMillis(1, random));
        assertEquals(0, s.delayMillis(Integer.MAX_VALUE, random));
    }

    @Test
    void multiplierOneIsConstantAndTheArtemisDefaultIsTwoSeconds() {
        for (int attempt = 1; attempt < 50; attempt++) {
            assertEquals(2000, ExponentialSchedule.ARTEMIS_DEFAULT.delayMillis(attempt, random));
        }
        assertEquals(new ExponentialSchedule(2000, 1.0, 2000), ExponentialSchedule.ARTEMIS_DEFAULT);
        assertEquals("RetryInterval=2000, RetryIntervalMultiplier=1.0, MaxRetryInterval=2000", ExponentialSchedule.ARTEMIS_DEFAULT.describe());
    }

    @Test
    void theFirstDelayIsTheRetryIntervalAndTheCapAppliesAfterIt() {
        // As in Artemis: RetryInterval is waited once as it is; the multiplied intervals are capped.
        ExponentialSchedule s = new ExponentialSchedule(5000, 1.0, 500);
        assertEquals(5000, s.delayMillis(1, random));
        assertEquals(500, s.delayMillis(2, random));
    }

    @Test
    void attemptsBelowOneAreTheFirst() {
        ExponentialSchedule s = new ExponentialSchedule(100, 2.0, 1000);
        assertEquals(100, s.delayMillis(0, random));
        assertEquals(100, s.delayMillis(-3, random));
    }

    @Test
    void invalidValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ExponentialSchedule(-1, 1.0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialSchedule(1, 1.0, -10));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialSchedule(1, 0.99, 10));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialSchedule(1, Double.NaN, 10));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialSchedule(1, Double.POSITIVE_INFINITY, 10));
    }
}
