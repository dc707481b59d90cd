package io.reattach.config;

import java.io.Serializable;

/**
 * Where a value, or a problem with it, comes from: a kind of source and, for the INI file, its path and the line.
 * {@link #toString()} is how messages and {@code check-config} name it: {@code agent argument},
 * {@code system property reattach.ReconDelay}, {@code environment variable MQCLNTCF}, {@code /etc/mqclient.ini:12}.
 */
public final class Source implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds, in the order an operator fixes their problems in (see {@link #fixOrder}). */
    public enum Kind {
        AGENT_ARGUMENT,
        SYSTEM_PROPERTY,
        ENVIRONMENT_VARIABLE,
        /** The INI file: one of its lines, or the whole file. */
        FILE,
        /** The file named on the {@code check-config} command line. */
        CHECK_CONFIG,
        /** The built-in default: never the source of a problem. */
        DEFAULT
    }

    /**
     * Arguments, then system properties, then the environment, then the file in line order (problems about the whole
     * file after those of its lines), then the {@code check-config} argument.
     */
    static int fixOrder(Source a, Source b) {
        int byKind = a.kind.compareTo(b.kind);
        return byKind != 0 ? byKind : Integer.compare(lineOrLast(a), lineOrLast(b));
    }

    private static int lineOrLast(Source s) {
        return s.line == 0 ? Integer.MAX_VALUE : s.line;
    }

    static final Source AGENT_ARGUMENT = new Source(Kind.AGENT_ARGUMENT, null, 0);
    static final Source CHECK_CONFIG = new Source(Kind.CHECK_CONFIG, null, 0);
    static final Source DEFAULT = new Source(Kind.DEFAULT, null, 0);

    private final Kind kind;
    /** The property's or variable's name, or the file's path; null for the other kinds. */
    private final String name;
    private final int line;

    private Source(Kind kind, String name, int line) {
        this.kind = kind;
        this.name = name;
        this.line = line;
    }

    /** @param name the whole name, {@code reattach.ReconDelay} as spelled */
    static Source systemProperty(String name) {
        return new Source(Kind.SYSTEM_PROPERTY, name, 0);
    }

    static Source environmentVariable(String name) {
        return new Source(Kind.ENVIRONMENT_VARIABLE, name, 0);
    }

    /** The file as a whole (a problem with the file itself, not with one of its lines). */
    static Source file(String path) {
        return new Source(Kind.FILE, path, 0);
    }

    /** @param line 1-based */
    static Source fileLine(String path, int line) {
        if (line < 1) {
            throw new IllegalArgumentException("line " + line);
        }
        return new Source(Kind.FILE, path, line);
    }

    public Kind kind() {
        return kind;
    }

    /** The line of the INI file, from 1; 0 for the whole file and for the other kinds. */
    public int line() {
        return line;
    }

    @Override
    public String toString() {
        switch (kind) {
            case AGENT_ARGUMENT:
                return AgentArgs.SOURCE;
            case SYSTEM_PROPERTY:
                return "system property " + name;
            case ENVIRONMENT_VARIABLE:
                return "environment variable " + name;
            case FILE:
                return line == 0 ? name : name + ":" + line;
            case CHECK_CONFIG:
                return "check-config";
            default:
                return "default";
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Source)) {
            return false;
        }
        Source s = (Source) o;
        return kind == s.kind && line == s.line && (name == null ? s.name == null : name.equals(s.name));
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + (name == null ? 0 : name.hashCode())) * 31 + line;
    }
}
