package io.reattach.policy;

import java.util.Random;

/** A Random whose nextDouble() is always the same, to pin the random part of a delay to an end of its range. */
final class FixedRandom extends Random {
    private static final long serialVersionUID = 1L;
    private final double value;

    FixedRandom(double value) {
        this.value = value;
    }

    @Override
    public double nextDouble() {
        return value;
    }

    /** The largest double below 1.0: nextDouble()'s upper end. */
    static FixedRandom top() {
        return new FixedRandom(Math.nextDown(1.0));
    }
}
