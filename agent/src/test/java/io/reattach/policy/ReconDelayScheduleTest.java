package io.reattach.policy;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconDelayScheduleTest {

    private static final ReconDelaySchedule MQ = ReconDelaySchedule.IBM_MQ_DEFAULT;
    private static final long[][] MQ_PAIRS = {{1000, 250}, {2000, 500}, {4000, 1000}, {8000, 2000}, {16000, 4000}, {25000, 6250}};

    @Test
    void theFixedPartIsExactWhenTheRandomPartIsAtItsBottom() {
        Random zero = new FixedRandom(0.0);
        for (int attempt = 1; attempt <= 6; attempt++) {
            assertEquals(MQ_PAIRS[attempt - 1][0], MQ.delayMillis(attempt, zero), "attempt " + attempt);
        }
    }

    @Test
    void theRandomPartReachesItsBoundAndNotBeyond() {
        Random top = FixedRandom.top();
        for (int attempt = 1; attempt <= 6; attempt++) {
            assertEquals(MQ_PAIRS[attempt - 1][0] + MQ_PAIRS[attempt - 1][1], MQ.delayMillis(attempt, top), "attempt " + attempt);
        }
    }

    @Test
    void randomPartsStayInsideTheirBoundsAndAreSpreadOverThem() {
        Random random = new Random(42);
        for (int attempt = 1; attempt <= 6; attempt++) {
            long fixed = MQ_PAIRS[attempt - 1][0];
            long bound = MQ_PAIRS[attempt - 1][1];
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            int lowerHalf = 0;
            int upperHalf = 0;
            int draws = 5000;
            for (int i = 0; i < draws; i++) {
                long d = MQ.delayMillis(attempt, random);
                assertTrue(d >= fixed && d <= fixed + bound, "attempt " + attempt + ": " + d);
                min = Math.min(min, d);
                max = Math.max(max, d);
                if (d - fixed < bound / 2.0) {
                    lowerHalf++;
                } else {
                    upperHalf++;
                }
            }
            // Uniform: each half gets about half of the draws, and the extremes are close to the bounds.
            assertTrue(lowerHalf > draws * 0.4 && upperHalf > draws * 0.4, "attempt " + attempt + ": " + lowerHalf + "/" + upperHalf);
            assertTrue(min - fixed < bound * 0.02, "attempt " + attempt + " min " + min);
            assertTrue(fixed + bound - max < bound * 0.02, "attempt " + attempt + " max " + max);
        }
    }

    @Test
    void theLastPairRepeatsForEveryLaterAttempt() {
        Random zero = new FixedRandom(0.0);
        Random top = FixedRandom.top();
        for (int attempt : new int[]{6, 7, 8, 100, 10_000, Integer.MAX_VALUE}) {
            assertEquals(25000, MQ.delayMillis(attempt, zero), "attempt " + attempt);
            assertEquals(31250, MQ.delayMillis(attempt, top), "attempt " + attempt);
        }
    }

    @Test
    void attemptsBelowOneAreTreatedAsTheFirst() {
        Random zero = new FixedRandom(0.0);
        assertEquals(1000, MQ.delayMillis(0, zero));
        assertEquals(1000, MQ.delayMillis(-5, zero));
        assertEquals(1000, MQ.delayMillis(Integer.MIN_VALUE, zero));
    }

    @Test
    void aPairWithoutRandomPartIsFixedAndDoesNotConsumeRandomness() {
        ReconDelaySchedule s = new ReconDelaySchedule(Arrays.asList(new DelayStep(500, 0), new DelayStep(0, 0)));
        Random failing = new Random() {
            @Override
            public double nextDouble() {
                throw new AssertionError("no random part: no draw");
            }
        };
        assertEquals(500, s.delayMillis(1, failing));
        assertEquals(0, s.delayMillis(2, failing));
        assertEquals(0, s.delayMillis(3, failing));
    }

    @Test
    void hugeValuesNeverGiveANegativeDelay() {
        // Regression: randomMillis + 1 overflowed to a negative bound, and fixed + random overflowed.
        ReconDelaySchedule hugeRandom = new ReconDelaySchedule(Collections.singletonList(new DelayStep(0, Long.MAX_VALUE)));
        ReconDelaySchedule hugeBoth = new ReconDelaySchedule(Collections.singletonList(new DelayStep(Long.MAX_VALUE, Long.MAX_VALUE)));
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            assertTrue(hugeRandom.delayMillis(1, random) >= 0);
            assertEquals(Long.MAX_VALUE, hugeBoth.delayMillis(1, random));
        }
        // A double has 53 bits: the top of a 2^63 range is within a few thousand of it.
        assertTrue(hugeRandom.delayMillis(1, FixedRandom.top()) > Long.MAX_VALUE - 4096);
    }

    @Test
    void describeUsesTheSettingSyntax() {
        assertEquals("(1000,250)(2000,500)(4000,1000)(8000,2000)(16000,4000)(25000,6250)", MQ.describe());
        assertEquals("ReconDelay=" + MQ.describe(), MQ.toString());
    }

    @Test
    void valueSemanticsAndDefensiveCopy() {
        List<DelayStep> steps = new java.util.ArrayList<>(Arrays.asList(new DelayStep(1, 2), new DelayStep(3, 0)));
        ReconDelaySchedule s = new ReconDelaySchedule(steps);
        steps.clear();
        assertEquals(2, s.steps().size());
        assertEquals(new ReconDelaySchedule(Arrays.asList(new DelayStep(1, 2), new DelayStep(3, 0))), s);
        assertEquals(new ReconDelaySchedule(Arrays.asList(new DelayStep(1, 2), new DelayStep(3, 0))).hashCode(), s.hashCode());
        assertNotEquals(MQ, s);
        assertThrows(UnsupportedOperationException.class, () -> s.steps().add(new DelayStep(0, 0)));
        assertEquals("(3)", new DelayStep(3, 0).toString());
        assertEquals("(1,2)", new DelayStep(1, 2).toString());
    }

    @Test
    void invalidSchedulesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ReconDelaySchedule(Collections.<DelayStep>emptyList()));
        assertThrows(IllegalArgumentException.class, () -> new DelayStep(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new DelayStep(0, -1));
    }
}
