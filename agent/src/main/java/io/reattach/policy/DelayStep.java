package io.reattach.policy;

/** One {@code (fixed,random)} pair of an IBM MQ {@code ReconDelay} schedule. */
public final class DelayStep {
    private final long fixedMillis;
    private final long randomMillis;

    public DelayStep(long fixedMillis, long randomMillis) {
        if (fixedMillis < 0 || randomMillis < 0) {
            throw new IllegalArgumentException("delays must not be negative: (" + fixedMillis + "," + randomMillis + ")");
        }
        this.fixedMillis = fixedMillis;
        this.randomMillis = randomMillis;
    }

    public long fixedMillis() {
        return fixedMillis;
    }

    public long randomMillis() {
        return randomMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DelayStep && ((DelayStep) o).fixedMillis == fixedMillis && ((DelayStep) o).randomMillis == randomMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fixedMillis) * 31 + Long.hashCode(randomMillis);
    }

    @Override
    public String toString() {
        return randomMillis == 0 ? "(" + fixedMillis + ")" : "(" + fixedMillis + "," + randomMillis + ")";
    }
}
