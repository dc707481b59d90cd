package io.reattach.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * IBM MQ's reconnect schedule: attempt n waits the fixed part of pair n plus a uniformly random part up to
 * the pair's random bound, so that many clients cut off at once do not come back at once. The last pair
 * repeats for every later attempt.
 */
public final class ReconDelaySchedule implements DelaySchedule {

    /** {@code ReconDelay=(1000,250)(2000,500)(4000,1000)(8000,2000)(16000,4000)(25000,6250)}, IBM MQ's default. */
    public static final ReconDelaySchedule IBM_MQ_DEFAULT = new ReconDelaySchedule(Arrays.asList(
            new DelayStep(1000, 250), new DelayStep(2000, 500), new DelayStep(4000, 1000),
            new DelayStep(8000, 2000), new DelayStep(16000, 4000), new DelayStep(25000, 6250)));

    private final List<DelayStep> steps;

    public ReconDelaySchedule(List<DelayStep> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a ReconDelay schedule needs at least one (ms[,randomMs]) pair");
        }
        this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
    }

    public List<DelayStep> steps() {
        return steps;
    }

    @Override
    public long delayMillis(int attempt, Random random) {
        DelayStep step = steps.get(Math.min(Math.max(attempt, 1), steps.size()) - 1);
        long bound = step.randomMillis();
        // In double: bound + 1 overflows a long for bound = Long.MAX_VALUE, which the settings accept.
        long jitter = bound == 0 ? 0 : Math.min((long) (random.nextDouble() * ((double) bound + 1)), bound);
        long delay = step.fixedMillis() + jitter;
        return delay < 0 ? Long.MAX_VALUE : delay; // both parts are >= 0: a negative sum is an overflow
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (DelayStep step : steps) {
            sb.append('(').append(step.fixedMillis()).append(',').append(step.randomMillis()).append(')');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReconDelaySchedule && ((ReconDelaySchedule) o).steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }

    @Override
    public String toString() {
        return "ReconDelay=" + describe();
    }
}
