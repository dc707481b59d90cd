package io.reattach.config;

import io.reattach.policy.DelaySchedule;
import io.reattach.policy.ExponentialSchedule;
import io.reattach.policy.ReconnectEvent;
import io.reattach.policy.ReconnectPolicy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The effective settings of one load: immutable, every value valid. Built by {@link SettingsLoader}; the engine
 * reads it through the typed getters, operators through {@link #effective()} and {@link #describe()}.
 *
 * <p>It holds the values some source gave (validated by the load); a key that none gave reads its default, parsed
 * when first asked ({@link Key#defaultValue()}). The reconnect policy and the list of every setting are built when
 * first asked, too: premain reads five settings, and an application without JMS needs nothing more.
 */
public final class Settings {

    /** The value of each key that some source gave, as chosen by precedence. */
    private final Map<Key<?>, Object> given;
    private final Map<Key<?>, Source> sources;
    /** The exponential schedule of RetryInterval and its kin instead of ReconDelay ({@link SettingsResolver}). */
    private final boolean exponentialSchedule;
    private final String configFile;
    private final String configFileOrigin;
    private final String noFileExplanation;
    private final List<String> warnings;
    /** Built on first use, see the class comment. */
    private ReconnectPolicy reconnectPolicy;
    private List<Setting> effective;

    Settings(Map<Key<?>, Object> given, Map<Key<?>, Source> sources, boolean exponentialSchedule,
             String configFile, String configFileOrigin, String noFileExplanation, List<String> warnings) {
        this.given = given;
        this.sources = sources;
        this.exponentialSchedule = exponentialSchedule;
        this.configFile = configFile;
        this.configFileOrigin = configFileOrigin;
        this.noFileExplanation = noFileExplanation;
        this.warnings = warnings;
    }

    /**
     * Nothing given anywhere: every default, and why there is no file. Built without the keys, which a reader loads
     * when it first asks for a value (see {@link SettingsLoader#nothingGiven}).
     */
    static Settings nothingGiven(String noFileExplanation) {
        return new Settings(Collections.<Key<?>, Object>emptyMap(), Collections.<Key<?>, Source>emptyMap(), false, null, null,
                noFileExplanation, Collections.<String>emptyList());
    }

    /** Whether some source gave a value; if not, every setting is its default. */
    public boolean anyGiven() {
        return !given.isEmpty();
    }

    /** Every default, no file, no warnings. Touches neither system properties nor the file system. */
    public static Settings defaults() {
        return SettingsLoader.defaults();
    }

    private <T> T get(Key<T> key) {
        return key.in(given);
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
    public synchronized ReconnectPolicy reconnectPolicy() {
        if (reconnectPolicy == null) {
            DelaySchedule schedule = exponentialSchedule
                    ? new ExponentialSchedule(get(Key.RETRY_INTERVAL), get(Key.RETRY_INTERVAL_MULTIPLIER), get(Key.MAX_RETRY_INTERVAL))
                    : get(Key.RECON_DELAY);
            reconnectPolicy = ReconnectPolicy.builder()
                    .schedule(schedule)
                    .maxAttempts(get(Key.RECONNECT_ATTEMPTS))
                    .timeoutMillis(TimeUnit.SECONDS.toMillis(get(Key.MQ_RECONNECT_TIMEOUT))) // saturates
                    .build();
        }
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

    /**
     * {@code SessionReattach}: whether the ActiveMQ Artemis client is set up to re-attach to the sessions a broker kept
     * through a network failure (its own command buffer, which costs every non-persistent send a response from the
     * broker); NO: every failure rebuilds, as with the other providers.
     */
    public boolean sessionReattach() {
        return get(Key.SESSION_REATTACH);
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

    /**
     * SocketTargets or ConnectionNameList is set, and DefRecon does not say "only observe": the socket support is
     * installed. Asked here, not of the installer, so that an application without it does not even load that class;
     * with nothing given, not even the keys.
     */
    public boolean wantsSocketSupport() {
        return anyGiven() && reconnectEnabled() && (!socketTargets().isEmpty() || !connectionNameList().isEmpty());
    }

    /** JdbcTargets is set, and DefRecon does not say "only observe": the JDBC connect retries are installed. */
    public boolean wantsJdbcSupport() {
        return anyGiven() && reconnectEnabled() && !jdbcTargets().isEmpty();
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
    public synchronized List<Setting> effective() {
        if (effective == null) {
            List<Setting> all = new ArrayList<>();
            for (Key<?> key : Key.ALL) {
                if (key != Key.CONFIG) { // the file is shown on its own line
                    Source source = sources.get(key);
                    all.add(new Setting(key.name, key.print(get(key)), (source == null ? Source.DEFAULT : source).toString()));
                }
            }
            effective = Collections.unmodifiableList(all);
        }
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
        for (Setting s : effective()) {
            keyWidth = Math.max(keyWidth, s.key().length());
            valueWidth = Math.max(valueWidth, shown(s.value()).length());
        }
        sb.append("  ").append(pad("Key", keyWidth)).append("  ").append(pad("Value", valueWidth)).append("  Source\n");
        for (Setting s : effective()) {
            sb.append("  ").append(pad(s.key(), keyWidth)).append("  ").append(pad(shown(s.value()), valueWidth))
                    .append("  ").append(s.source()).append('\n');
        }
        sb.append("Reconnect: ").append(reconnectEnabled() ? reconnectPolicy().toString() : "off (DefRecon=" + defRecon() + ")");
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
        for (Setting now : effective()) {
            for (Setting then : before.effective()) {
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
