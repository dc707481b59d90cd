package io.reattach.config;

/** One effective setting and where it came from, as check-config prints it. */
public final class Setting {
    private final String key;
    private final String value;
    private final String source;

    Setting(String key, String value, String source) {
        this.key = key;
        this.value = value;
        this.source = source;
    }

    /** The canonical spelling, e.g. {@code ReconDelay}, whatever the spelling where it was set. */
    public String key() {
        return key;
    }

    /** The effective value in the key's syntax, normalised; empty for a list that is empty ("none"). */
    public String value() {
        return value;
    }

    /** {@code default}, {@code /path/mqclient.ini:12}, {@code system property reattach.ReconDelay} or {@code agent argument}. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return key + "=" + value + " (" + source + ")";
    }
}
