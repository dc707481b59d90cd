package io.reattach.agent;

import java.lang.instrument.Instrumentation;

/** Entry points named by the manifest. Holds no state: everything happens in {@link AgentStartup}. */
public final class ReattachAgent {
    private ReattachAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        AgentStartup.start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        AgentStartup.start(args, inst, true);
    }

    public static void main(String[] args) {
        System.exit(io.reattach.cli.Cli.run(args, System.out, System.err));
    }
}
