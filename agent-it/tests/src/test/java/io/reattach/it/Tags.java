package io.reattach.it;

/**
 * JUnit tags of the scenarios: {@code -Dgroups=baseline} runs only the runs without the agent (they must pass with any
 * agent, or none), {@code -DexcludedGroups=agent} leaves out the runs with it; {@code control} runs use the
 * provider's own fail-over instead of the agent.
 */
final class Tags {
    /** The application runs with {@code -javaagent}: what the agent must achieve. */
    static final String AGENT = "agent";
    /** The application runs without the agent: the provider's own behaviour, which proves the scenario bites. */
    static final String BASELINE = "baseline";

    /** No agent, but the provider's own fail-over transport: proves a scenario can pass on this test bed. */
    static final String CONTROL = "control";

    private Tags() {
    }
}
