package io.reattach.it.chaos;

/**
 * One fault of a chaos run: what, after how much undisturbed traffic, and for how long (refuse and latency last; the
 * others are instants). Drawn by {@link ChaosPlan} from a seed.
 */
final class Fault {

    /** The faults a network and a broker make. */
    enum Kind {
        /** The broker is killed with SIGKILL and started again on its journal. */
        KILL(2),
        /** Every connection through the proxy is reset. */
        RESET(2),
        /** Every connection through the proxy becomes a black hole, until the agent finds it (StallTimeout). */
        STALL(2),
        /** Every connection is reset and new ones are refused for a while. */
        REFUSE(2),
        /** Every byte takes longer each way for a while: must not be taken for a stall. */
        LATENCY(0),
        /** The broker's reply to the next command is dropped, then that connection is reset. */
        REPLY_DROPPED(1);

        /** How many of the application's two connections must recover after it (0: none may). */
        final int recoveries;

        Kind(int recoveries) {
            this.recoveries = recoveries;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    final Kind kind;
    /** Traffic before the fault. */
    final long pauseMillis;
    /** How long refuse or latency lasts; 0 for the others. */
    final long durationMillis;
    /** The latency added each way (latency only). */
    final long latencyMillis;

    Fault(Kind kind, long pauseMillis, long durationMillis, long latencyMillis) {
        this.kind = kind;
        this.pauseMillis = pauseMillis;
        this.durationMillis = durationMillis;
        this.latencyMillis = latencyMillis;
    }

    @Override
    public String toString() {
        return kind.label() + (durationMillis > 0 ? "(" + durationMillis + " ms" + (latencyMillis > 0 ? ", " + latencyMillis + " ms each way" : "") + ")" : "")
                + " after " + pauseMillis + " ms";
    }
}
