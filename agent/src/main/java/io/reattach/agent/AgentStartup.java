package io.reattach.agent;

import java.lang.instrument.Instrumentation;

/** The one start-up path of premain and agentmain. */
final class AgentStartup {
    private AgentStartup() {
    }

    static void start(String args, Instrumentation inst, boolean attached) {
    }
}
