package io.reattach.it.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of one client's chaos run, drawn from the run's seed and the client's place among the clients under test:
 * the same seed gives the same plan. The first faults cover the kinds in turn across the clients (client i of a run
 * with n faults each starts at kind n*i), so that a run of every client meets every kind; the rest are drawn at random.
 */
final class ChaosPlan {

    private ChaosPlan() {
    }

    static List<Fault> of(long seed, int faults, int clientIndex) {
        Random random = new Random(seed * 31 + clientIndex);
        Fault.Kind[] kinds = Fault.Kind.values();
        List<Fault.Kind> chosen = new ArrayList<>();
        for (int j = 0; j < Math.min(faults, kinds.length); j++) {
            chosen.add(kinds[(faults * clientIndex + j) % kinds.length]);
        }
        while (chosen.size() < faults) {
            chosen.add(kinds[random.nextInt(kinds.length)]);
        }
        Collections.shuffle(chosen, random);
        List<Fault> plan = new ArrayList<>();
        for (Fault.Kind kind : chosen) {
            long pause = 600 + random.nextInt(2000);
            switch (kind) {
                case REFUSE:
                    plan.add(new Fault(kind, pause, 1000 + random.nextInt(2000), 0));
                    break;
                case LATENCY:
                    plan.add(new Fault(kind, pause, 4000 + random.nextInt(3000), 500 + random.nextInt(1501)));
                    break;
                default:
                    plan.add(new Fault(kind, pause, 0, 0));
                    break;
            }
        }
        return plan;
    }
}
