package io.reattach.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The settings could not be loaded. Carries every problem found in one load, not just the first, so that an
 * operator fixes them all in one go. {@link #getMessage()} has one line per problem.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;
    private final List<String> warnings;

    public ConfigException(List<Problem> problems) {
        this(problems, Collections.<String>emptyList());
    }

    /** @param warnings the warnings of the same load: a typo reported as "unknown key" often explains a problem */
    public ConfigException(List<Problem> problems, List<String> warnings) {
        super(join(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = Collections.unmodifiableList(new ArrayList<>(problems));
        this.warnings = Collections.unmodifiableList(new ArrayList<>(warnings));
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The warnings of the failed load, as {@link Settings#warnings()} would have had them; not in the message. */
    public List<String> warnings() {
        return warnings;
    }

    private static String join(List<Problem> problems) {
        List<String> lines = new ArrayList<>();
        for (Problem p : problems) {
            lines.add(p.toString());
        }
        return String.join("\n", lines);
    }

    /**
     * One thing wrong: where (file:line, {@code agent argument}, {@code system property reattach.X}, ...),
     * which key and value, what is wrong and what would be accepted.
     */
    public static final class Problem implements Serializable {
        private static final long serialVersionUID = 1L;

        private final Source source;
        private final String key;
        private final String value;
        private final String message;
        private final String accepted;

        /**
         * @param source   where the problem is: it orders the problems of a load and starts the message
         * @param key      the key as the operator spelled it, or null when the problem is not about one value
         * @param value    the value as given (shown shortened and with control characters replaced), or null
         * @param accepted what the key accepts, or null when that would not help
         */
        public Problem(Source source, String key, String value, String message, String accepted) {
            this.source = source;
            this.key = key;
            this.value = value;
            this.message = message;
            this.accepted = accepted;
        }

        /** Where, as the message names it: {@code /etc/mqclient.ini:12}, {@code agent argument}, ... */
        public String source() {
            return source.toString();
        }

        /** Where, as a value: the kind of source and the line of the file. */
        public Source where() {
            return source;
        }

        /** The key as spelled where it was given, or null. */
        public String key() {
            return key;
        }

        /** The value as given, or null. */
        public String value() {
            return value;
        }

        /** What is wrong. */
        public String message() {
            return message;
        }

        /** What the key accepts, or null. */
        public String accepted() {
            return accepted;
        }

        /** {@code source: key=value: message; accepted: ...}, on one line. */
        @Override
        public String toString() {
            // Paths and messages can carry anything a file name or a value holds: one problem stays one line.
            StringBuilder sb = new StringBuilder(Text.oneLine(source.toString())).append(": ");
            if (key != null) {
                sb.append(Text.printable(key)).append('=').append(value == null ? "" : Text.printable(value)).append(": ");
            }
            sb.append(Text.oneLine(message));
            if (accepted != null) {
                sb.append("; accepted: ").append(accepted);
            }
            return sb.toString();
        }
    }
}
