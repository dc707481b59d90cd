package io.reattach.it.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The statistics the benchmark reports rest on: a verdict read from them must mean what it says. */
class BenchTest {

    @Test
    void runsThatDifferByMoreThanTheirSpreadGiveAnIntervalWithoutZero() {
        List<Double> slow = range(130, 150); // median 140
        List<Double> fast = range(100, 120); // median 110

        double[] interval = Bench.medianDifferenceInterval(slow, fast);

        assertTrue(interval[0] > 0, "lower bound " + interval[0]);
        assertTrue(interval[0] <= 30 && 30 <= interval[1], "holds the true difference, 30: " + interval[0] + " .. " + interval[1]);
        double[] reversed = Bench.medianDifferenceInterval(fast, slow);
        assertTrue(reversed[1] < 0, "upper bound " + reversed[1]);
    }

    @Test
    void runsThatOverlapGiveAnIntervalThatHoldsZero() {
        List<Double> a = List.of(98.0, 131.0, 105.0, 122.0, 110.0, 140.0, 101.0, 117.0, 125.0);
        List<Double> b = List.of(103.0, 128.0, 99.0, 135.0, 112.0, 120.0, 108.0, 126.0, 115.0);

        double[] interval = Bench.medianDifferenceInterval(a, b);

        assertTrue(interval[0] < 0 && 0 < interval[1], interval[0] + " .. " + interval[1]);
    }

    @Test
    void theSameRunsGiveTheSameReport() {
        List<Double> a = List.of(120.0, 135.0, 128.0, 111.0, 150.0);
        List<Double> b = List.of(101.0, 99.0, 130.0, 118.0);

        assertArrayEquals(Bench.medianDifferenceInterval(a, b), Bench.medianDifferenceInterval(a, b));
    }

    @Test
    void noRunsOnEitherSideGiveNoInterval() {
        double[] interval = Bench.medianDifferenceInterval(List.of(), List.of(1.0, 2.0));

        assertEquals(Double.NaN, interval[0]);
        assertEquals(Double.NaN, interval[1]);
    }

    @Test
    void aRatioIntervalHoldsTheRatioOfTheMediansAndJudgesAnAimOfAtLeast() {
        List<Double> with = range(93, 99); // median 96
        List<Double> without = range(98, 102); // median 100

        double[] interval = Bench.medianRatioInterval(with, without);

        assertTrue(interval[0] <= 0.96 && 0.96 <= interval[1], interval[0] + " .. " + interval[1]);
        assertEquals("these rounds cannot tell", Bench.verdictAtLeast(interval, 0.97));
        assertEquals("met", Bench.verdictAtLeast(interval, 0.5));
        assertEquals("not met", Bench.verdictAtLeast(interval, 1.2));
    }

    @Test
    void pairsThatAllLieAboveTheAimMeetIt() {
        List<Double> pairs = List.of(0.99, 1.02, 1.04, 0.98, 1.01, 1.03, 1.00);

        double[] interval = Bench.medianInterval(pairs);

        assertTrue(interval[0] >= 0.98 && interval[1] <= 1.04, interval[0] + " .. " + interval[1]);
        assertEquals("met", Bench.verdictAtLeast(interval, 0.97));
    }

    @Test
    void aCostAboveTheAimInEveryResampleMissesAnAimOfAtMost() {
        List<Double> with = range(240, 260);
        List<Double> without = range(100, 120);

        double[] interval = Bench.medianDifferenceInterval(with, without);

        assertEquals("not met", Bench.verdictAtMost(interval, 100));
        assertEquals("met", Bench.verdictAtMost(interval, 200));
        assertEquals("no runs", Bench.verdictAtMost(Bench.medianDifferenceInterval(List.of(), without), 100));
    }

    private static List<Double> range(int from, int to) {
        List<Double> values = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            values.add((double) i);
        }
        return values;
    }
}
