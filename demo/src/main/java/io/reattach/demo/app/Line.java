package io.reattach.demo.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lines {@link LegacyOrderApp} prints on standard output and the demo runner reads: a keyword, then fields,
 * separated by tabs; tabs and line breaks inside a field are replaced by spaces.
 */
public final class Line {

    /** Both connections are open and the consumer is started: {@code READY}. */
    public static final String READY = "READY";
    /** {@code send} returned: {@code SENT order}. */
    public static final String SENT = "SENT";
    /** {@code send} threw; the application exits next: {@code SEND-FAILED order exception}. */
    public static final String SEND_FAILED = "SEND-FAILED";
    /** The message listener got an order: {@code RECEIVED order JMSMessageID JMSRedelivered}. */
    public static final String RECEIVED = "RECEIVED";
    /** An {@code ExceptionListener} was called: {@code EXCEPTION-LISTENER connection errorCode message linked}. */
    public static final String EXCEPTION_LISTENER = "EXCEPTION-LISTENER";
    /** Everything was sent and the wait for the last orders is over: {@code DONE sent received}. */
    public static final String DONE = "DONE";

    private final String keyword;
    private final List<String> fields;

    private Line(String keyword, List<String> fields) {
        this.keyword = keyword;
        this.fields = fields;
    }

    /** Prints one line on standard output (whole: {@code println} of one string is not interleaved). */
    public static void print(String keyword, Object... fields) {
        StringBuilder sb = new StringBuilder(keyword);
        for (Object field : fields) {
            sb.append('\t').append(clean(String.valueOf(field)));
        }
        System.out.println(sb);
    }

    /** The line, or null if it is not one of the application's (a library may print on standard output too). */
    public static Line parse(String text) {
        String[] parts = text.split("\t", -1);
        switch (parts[0]) {
            case READY:
            case SENT:
            case SEND_FAILED:
            case RECEIVED:
            case EXCEPTION_LISTENER:
            case DONE:
                return new Line(parts[0], new ArrayList<>(Arrays.asList(parts).subList(1, parts.length)));
            default:
                return null;
        }
    }

    public String keyword() {
        return keyword;
    }

    /** The field at {@code index} (from 0, after the keyword), or "" if there is none. */
    public String field(int index) {
        return index < fields.size() ? fields.get(index) : "";
    }

    public int intField(int index) {
        return Integer.parseInt(field(index).trim());
    }

    /** {@code SimpleClassName: message}, then the root cause the same way if there is another one. */
    public static String summary(Throwable t) {
        StringBuilder sb = new StringBuilder(describe(t));
        Throwable root = t;
        for (int i = 0; i < 20 && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        if (root != t) {
            sb.append(" (caused by ").append(describe(root)).append(')');
        }
        return sb.toString();
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }

    @Override
    public String toString() {
        return keyword + fields;
    }
}
