package io.reattach.config;

import io.reattach.policy.ReconnectEvent;
import io.reattach.policy.ReconnectPolicy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The effective settings of one load: immutable, every value valid. Built by {@link SettingsLoader}; the engine
 * reads it through the typed getters, operators through {@link #effective()} and {@link #describe()}.
 */
public final class Settings {

    private final Map<Key<?>, Object> values;
    private final List<Setting> effective;
    private final ReconnectPolicy reconnectPolicy;
    private final String configFile;
    private final String configFileOrigin;
    private final String noFileExplanation;
    private final List<String> warnings;

    Settings(Map<Key<?>, Object> values, List<Setting> effective, ReconnectPolicy reconnectPolicy,
             String configFile, String configFileOrigin, String noFileExplanation, List<String> warnings) {
        this.values = values;
        this.effective = effective;
        this.reconnectPolicy = reconnectPolicy;
        this.configFile = configFile;
        this.configFileOrigin = configFileOrigin;
        this.noFileExplanation = noFileExplanation;
        this.warnings = warnings;
    }

    /** Every default, no file, no warnings. Touches neither system properties nor the file system. */
    public static Settings defaults() {
        return SettingsLoader.defaults();
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Key<T> key) {
        return (T) values.get(key);
    }

    /** {@code DefRecon}: YES, NO, QMGR or DISABLED. */
    public String defRecon() {
        return get(Key.DEF_RECON);
    }

    /** {@code DefRecon} is YES or QMGR; with NO or DISABLED the agent only observes. */
    public boolean reconnectEnabled() {
        String d = defRecon();
        return d.equals("YES") || d.equals("QMGR");
    }

    /**
     * The schedule ({@code ReconDelay}, or the exponential one when only {@code RetryInterval},
     * {@code RetryIntervalMultiplier} or {@code MaxRetryInterval} were set), {@code ReconnectAttempts} and
     * {@code MQReconnectTimeout}.
     */
    public ReconnectPolicy reconnectPolicy() {
        return reconnectPolicy;
    }

    /** -1: as many as the reconnect policy allows; 1: no retry. */
    public int initialConnectAttempts() {
        return get(Key.INITIAL_CONNECT_ATTEMPTS);
    }

    /** Unmodifiable; empty when not set. */
    public List<HostPort> connectionNameList() {
        return get(Key.CONNECTION_NAME_LIST);
    }

    /**
     * {@code StallTimeout}: milliseconds within which a connection on which nothing arrives any more (a stalled,
     * half-open connection) is found; 0: the providers' own heartbeats are left as they are.
     */
    public long stallTimeoutMillis() {
        return get(Key.STALL_TIMEOUT);
    }

    /** Bytes of unconfirmed sends kept for replay; -1: replay disabled. */
    public long confirmationWindowSize() {
        return get(Key.CONFIRMATION_WINDOW_SIZE);
    }

    /** Unmodifiable. */
    public Set<ReconnectEvent> exceptionListenerEvents() {
        return get(Key.EXCEPTION_LISTENER_EVENTS);
    }

    /**
     * Unmodifiable, normalised {@code host:port} patterns: lower case, no spaces, no duplicates; host is a name,
     * an IPv4 address, a bracketed IPv6 address or {@code *}; port is 1..65535 or {@code *}.
     */
    public List<String> socketTargets() {
        return get(Key.SOCKET_TARGETS);
    }

    /** {@code JdbcTargets}: patterns as {@link #socketTargets()}, matched against the hosts of a JDBC URL. */
    public List<String> jdbcTargets() {
        return get(Key.JDBC_TARGETS);
    }

    /** OFF, ERROR, WARN, INFO or DEBUG. */
    public String logLevel() {
        return get(Key.LOG_LEVEL);
    }

    public boolean duplicateDetection() {
        return get(Key.DUPLICATE_DETECTION);
    }

    /** The message property that carries the duplicate-detection id; {@code _AMQ_DUPL_ID} for Artemis. */
    public String duplicateDetectionProperty() {
        return get(Key.DUPLICATE_DETECTION_PROPERTY);
    }

    /**
     * Milliseconds between two looks at the INI file for changes ({@code ConfigPollInterval}); 0: the file is read
     * once, at start-up.
     */
    public long configPollIntervalMillis() {
        return get(Key.CONFIG_POLL_INTERVAL);
    }

    /** Whether an INI file that other users can write is accepted (with a warning) instead of refused. */
    public boolean allowInsecureConfig() {
        return get(Key.ALLOW_INSECURE_CONFIG);
    }

    /** "fail" or "warn". {@link SettingsLoader#onConfigError(String)} answers the same when the load fails. */
    public String onConfigError() {
        return get(Key.ON_CONFIG_ERROR);
    }

    /** The absolute path of the INI file read, or null when there was none. */
    public String configFile() {
        return configFile;
    }

    /**
     * How the file was found: {@code agent argument config}, {@code system property reattach.config},
     * {@code environment variable MQCLNTCF}, {@code working directory}, {@code user home}; null without a file.
     */
    public String configFileOrigin() {
        return configFileOrigin;
    }

    /** Unmodifiable; each one line, starting with where (file:line, agent argument, ...). */
    public List<String> warnings() {
        return warnings;
    }

    /** Every setting, in a fixed order, with its effective value and source. Unmodifiable. */
    public List<Setting> effective() {
        return effective;
    }

    /** Several lines for the log and check-config: the file, every setting with its source, the policy. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (configFile != null) {
            sb.append("Settings file: ").append(configFile).append(" (").append(configFileOrigin).append(")\n");
        } else {
            sb.append("Settings file: none").append(noFileExplanation == null ? "" : " (" + noFileExplanation + ")").append('\n');
        }
        int keyWidth = "Key".length();
        int valueWidth = "Value".length();
        for (Setting s : effective) {
            keyWidth = Math.max(keyWidth, s.key().length());
            valueWidth = Math.max(valueWidth, shown(s.value()).length());
        }
        sb.append("  ").append(pad("Key", keyWidth)).append("  ").append(pad("Value", valueWidth)).append("  Source\n");
        for (Setting s : effective) {
            sb.append("  ").append(pad(s.key(), keyWidth)).append("  ").append(pad(shown(s.value()), valueWidth))
                    .append("  ").append(s.source()).append('\n');
        }
        sb.append("Reconnect: ").append(reconnectEnabled() ? reconnectPolicy.toString() : "off (DefRecon=" + defRecon() + ")");
        return sb.toString();
    }

    /**
     * What differs from {@code before}, one item per changed setting: {@code ReconDelay (200,100) -> (700)
     * [/etc/mqclient.ini:3]}; empty when nothing changed. Used for the one log line of a reload or update.
     */
    public List<String> changesFrom(Settings before) {
        List<String> changes = new java.util.ArrayList<>();
        if (configFile == null ? before.configFile != null : !configFile.equals(before.configFile)) {
            changes.add("settings file " + (before.configFile == null ? "none" : before.configFile) + " -> "
                    + (configFile == null ? "none" : configFile));
        }
        for (Setting now : effective) {
            for (Setting then : before.effective) {
                if (then.key().equals(now.key()) && !then.value().equals(now.value())) {
                    changes.add(now.key() + " " + shown(then.value()) + " -> " + shown(now.value()) + " [" + now.source() + "]");
                }
            }
        }
        return changes;
    }

    private static String shown(String value) {
        return value.isEmpty() ? "(none)" : value;
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
