package io.reattach.config;

import java.util.List;

/** Makes text from files and command lines safe to put into one log line. */
final class Text {
    /** Long enough for any sensible value, short enough that a binary file does not flood the log. */
    private static final int MAX_SHOWN = 120;
    private static final int MAX_AROUND = 300;

    private Text() {
    }

    /** Control characters become '?', and long text is cut with "..." so that a message stays one line. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_SHOWN + 3));
        for (int i = 0; i < s.length() && i < MAX_SHOWN; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (s.length() > MAX_SHOWN) {
            sb.append("...");
        }
        return sb.toString();
    }

    /**
     * For the text we put around values (paths, messages): control characters become '?', and only text
     * longer than any sensible path is cut.
     */
    static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_AROUND + 3));
        for (int i = 0; i < s.length() && i < MAX_AROUND; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (s.length() > MAX_AROUND) {
            sb.append("...");
        }
        return sb.toString();
    }

    /** {@code 'text'}, printable. */
    static String quote(String s) {
        return "'" + printable(s) + "'";
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    static String joinWords(List<String> items) {
        int n = items.size();
        return n <= 1 ? String.join("", items) : String.join(", ", items.subList(0, n - 1)) + " and " + items.get(n - 1);
    }
}
