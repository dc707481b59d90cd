package io.reattach.status;

/** One effective setting as JMX shows it (a row of {@link AgentMXBean#getSettings()}). */
public final class SettingRow {
    private final String key;
    private final String value;
    private final String source;

    public SettingRow(String key, String value, String source) {
        this.key = key;
        this.value = value;
        this.source = source;
    }

    public String getKey() {
        return key;
    }

    /** Empty for an empty list ("none"). */
    public String getValue() {
        return value;
    }

    /** {@code default}, {@code /path/mqclient.ini:12}, {@code system property reattach.X} or {@code agent argument}. */
    public String getSource() {
        return source;
    }
}
