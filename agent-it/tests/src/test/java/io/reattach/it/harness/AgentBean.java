package io.reattach.it.harness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the agent's status bean ({@code io.reattach:type=Connection,id=N}) said about one connection at the end of a
 * send-buffer run: the application's {@code AGENT-BEAN Id=.. Target=.. ReplayedSends=..} line, which it prints
 * from its own JVM just before it closes its connections. The counters a test asserts come from here, as an
 * operator reads them in {@code status}, not from the agent's log.
 */
public final class AgentBean {
    private final String line;
    private final Map<String, String> attributes = new HashMap<>();

    private AgentBean(String line) {
        this.line = line;
        for (String token : line.substring("AGENT-BEAN ".length()).split(" ")) {
            int eq = token.indexOf('=');
            attributes.put(token.substring(0, eq), token.substring(eq + 1));
        }
    }

    /** Every connection's bean the application printed. */
    public static List<AgentBean> of(AppProcess app) {
        return app.linesStartingWith("AGENT-BEAN ").stream().map(AgentBean::new).collect(Collectors.toList());
    }

    /** The bean of the one connection the application made through {@code proxy} (its target names the proxy's port). */
    public static AgentBean through(AppProcess app, FaultProxy proxy) {
        String onPort = ".*:" + proxy.port() + "(\\D.*)?";
        List<AgentBean> matching = of(app).stream().filter(b -> b.attributes.getOrDefault("Target", "").matches(onPort))
                .collect(Collectors.toList());
        if (matching.size() != 1) {
            throw new AssertionError("not one agent bean with a target on port " + proxy.port() + ": " + of(app) + app.tailForMessage());
        }
        return matching.get(0);
    }

    /** A numeric attribute, such as {@code BufferHighWaterBytes}. */
    public long number(String attribute) {
        String value = attributes.get(attribute);
        if (value == null) {
            throw new AssertionError("no attribute " + attribute + " in " + line);
        }
        return Long.parseLong(value);
    }

    /** An attribute as printed, such as {@code State}. */
    public String text(String attribute) {
        String value = attributes.get(attribute);
        if (value == null) {
            throw new AssertionError("no attribute " + attribute + " in " + line);
        }
        return value;
    }

    @Override
    public String toString() {
        return line;
    }
}
