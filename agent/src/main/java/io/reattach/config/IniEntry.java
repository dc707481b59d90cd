package io.reattach.config;

/** One {@code Key=Value} line of an INI file, with where it was found. */
public final class IniEntry {
    private final String file;
    private final int line;
    private final String stanza;
    private final String key;
    private final String value;

    IniEntry(String file, int line, String stanza, String key, String value) {
        this.file = file;
        this.line = line;
        this.stanza = stanza;
        this.key = key;
        this.value = value;
    }

    /** The file's name as given to the parser (the loader gives the absolute path). */
    public String file() {
        return file;
    }

    /** 1-based line number. */
    public int line() {
        return line;
    }

    /** The stanza the line is in, without {@code :} or brackets; null for keys before the first stanza. */
    public String stanza() {
        return stanza;
    }

    /** The key as spelled in the file. */
    public String key() {
        return key;
    }

    /** The value, trimmed, without an inline comment. */
    public String value() {
        return value;
    }

    /** {@code file:line}, how every message points at this entry. */
    public String location() {
        return source().toString();
    }

    Source source() {
        return Source.fileLine(file, line);
    }

    @Override
    public String toString() {
        return location() + ": " + (stanza == null ? "" : stanza + ": ") + key + "=" + value;
    }
}
