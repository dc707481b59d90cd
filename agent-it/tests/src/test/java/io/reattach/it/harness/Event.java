package io.reattach.it.harness;

/**
 * What an application {@code ExceptionListener} got:
 * {@code EVENT <errorCode> <linked-exception-class|none> conn=<name> <message>}.
 */
public final class Event {
    /** The agent's event names, as {@code JMSException.getErrorCode()}. */
    public static final String RECONNECTING = "RECONNECTING";
    public static final String RECONNECTED = "RECONNECTED";
    public static final String RECONNECT_FAILED = "RECONNECT_FAILED";

    public final String code;
    public final String linked;
    public final String connection;
    public final String line;

    private Event(String line, String code, String linked, String connection) {
        this.line = line;
        this.code = code;
        this.linked = linked;
        this.connection = connection;
    }

    public static Event parse(String line) {
        String[] t = line.split(" ", 5);
        if (t.length < 4 || !t[0].equals("EVENT") || !t[3].startsWith("conn=")) {
            throw new IllegalArgumentException("not an EVENT line: " + line);
        }
        return new Event(line, t[1], t[2], t[3].substring(5));
    }

    /** Whether the listener's exception had a linked exception. */
    public boolean hasLinked() {
        return !linked.equals("none");
    }

    /** Whether this is one of the agent's events rather than a provider's exception. */
    public boolean isAgentEvent() {
        return code.equals(RECONNECTING) || code.equals(RECONNECTED) || code.equals(RECONNECT_FAILED);
    }

    @Override
    public String toString() {
        return line;
    }
}
