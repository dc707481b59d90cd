package io.reattach.config;

import io.reattach.policy.ReconDelaySchedule;
import io.reattach.policy.ReconnectEvent;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every key Reattach reads: its canonical spelling, default, what it accepts, and how to parse and print it.
 * This table is the one place to add a setting (then add its getter to {@link Settings} and document it in the README).
 */
final class Key<T> {

    private static final String MS = "a whole number of milliseconds, 0 or more";

    static final Key<String> DEF_RECON = setting("DefRecon", "YES", "YES, NO, QMGR or DISABLED",
            Values.oneOf("YES", "NO", "QMGR", "DISABLED"));
    static final Key<ReconDelaySchedule> RECON_DELAY = setting("ReconDelay",
            "(1000,250)(2000,500)(4000,1000)(8000,2000)(16000,4000)(25000,6250)",
            "(ms[,randomMs])... e.g. (1000,250)(2000,500)", Values.reconDelay());
    static final Key<Long> RETRY_INTERVAL = setting("RetryInterval", "2000", MS + ", e.g. 2000",
            Values.nonNegative("milliseconds"));
    static final Key<Double> RETRY_INTERVAL_MULTIPLIER = setting("RetryIntervalMultiplier", "1.0",
            "a number, 1.0 or more, e.g. 1.5", Values.multiplier());
    static final Key<Long> MAX_RETRY_INTERVAL = setting("MaxRetryInterval", "2000", MS + ", e.g. 30000",
            Values.nonNegative("milliseconds"));
    static final Key<Integer> RECONNECT_ATTEMPTS = setting("ReconnectAttempts", "-1",
            "-1 (unlimited) or a whole number, 0 or more", Values.attempts(0));
    static final Key<Long> MQ_RECONNECT_TIMEOUT = setting("MQReconnectTimeout", "1800",
            "a whole number of seconds, 0 or more, e.g. 1800", Values.nonNegative("seconds"));
    static final Key<Integer> INITIAL_CONNECT_ATTEMPTS = setting("InitialConnectAttempts", "-1",
            "-1 (as the reconnect policy allows) or a whole number, 1 or more (1: no retry)", Values.attempts(1));
    static final Key<List<HostPort>> CONNECTION_NAME_LIST = setting("ConnectionNameList", "",
            "host(port),host(port)... with ports 1 to 65535, e.g. broker1(61616),broker2(61616); empty for none",
            Values.connectionNameList());
    static final Key<Long> STALL_TIMEOUT = setting("StallTimeout", "10000",
            "0 (the providers' own heartbeats as they are) or a whole number of milliseconds, 1000 or more, e.g. 10000",
            Values.zeroOrAtLeast(1000, "milliseconds"));
    static final Key<Long> CONFIRMATION_WINDOW_SIZE = setting("ConfirmationWindowSize", "1048576",
            "-1 (no replay) or a whole number of bytes, 0 or more, e.g. 1048576", Values.minusOneOrAtLeast(0, "bytes"));
    static final Key<Boolean> SESSION_REATTACH = setting("SessionReattach", "YES", "YES or NO", Values.yesNo());
    static final Key<Set<ReconnectEvent>> EXCEPTION_LISTENER_EVENTS = setting("ExceptionListenerEvents", "RECONNECT_FAILED",
            "a comma list of RECONNECTING, RECONNECTED, RECONNECT_FAILED; or ALL; or NONE", Values.events());
    static final Key<List<String>> SOCKET_TARGETS = setting("SocketTargets", "",
            "a comma list of host:port, * for any host or any port, e.g. db1:5432,*:61616; empty for none",
            Values.socketTargets());
    static final Key<List<String>> JDBC_TARGETS = setting("JdbcTargets", "",
            "a comma list of host:port, * for any host or any port, matched against the JDBC URL, e.g. db1:5432,*:3306; empty for none",
            Values.socketTargets());
    static final Key<String> LOG_LEVEL = setting("LogLevel", "INFO", "OFF, ERROR, WARN, INFO or DEBUG",
            Values.oneOf("OFF", "ERROR", "WARN", "INFO", "DEBUG"));
    static final Key<Boolean> DUPLICATE_DETECTION = setting("DuplicateDetection", "NO", "YES or NO",
            Values.yesNo());
    static final Key<Long> CONFIG_POLL_INTERVAL = setting("ConfigPollInterval", "5000",
            "a whole number of milliseconds, 0 (do not watch the file) or more, e.g. 5000", Values.nonNegative("milliseconds"));
    static final Key<String> DUPLICATE_DETECTION_PROPERTY = setting("DuplicateDetectionProperty", "_AMQ_DUPL_ID",
            "a JMS property name (a Java identifier, not starting with JMS), e.g. _AMQ_DUPL_ID", Values.propertyName());

    // Meta keys: they say how to load the settings, so a settings file cannot set them. A file must not, for
    // example, be able to declare itself acceptable with allowInsecureConfig.
    static final Key<String> CONFIG = meta("config", null, "a path to an mqclient.ini file", Values.nonEmptyText());
    static final Key<String> ON_CONFIG_ERROR = meta("onConfigError", "fail", "fail or warn",
            Values.oneOf("fail", "warn"));
    static final Key<Boolean> ALLOW_INSECURE_CONFIG = meta("allowInsecureConfig", "false", "true or false",
            Values.trueFalse());

    /** In the order check-config prints them. */
    static final List<Key<?>> ALL = Collections.unmodifiableList(Arrays.<Key<?>>asList(
            DEF_RECON, RECON_DELAY, RETRY_INTERVAL, RETRY_INTERVAL_MULTIPLIER, MAX_RETRY_INTERVAL, RECONNECT_ATTEMPTS,
            MQ_RECONNECT_TIMEOUT, INITIAL_CONNECT_ATTEMPTS, CONNECTION_NAME_LIST, STALL_TIMEOUT, CONFIRMATION_WINDOW_SIZE,
            SESSION_REATTACH, EXCEPTION_LISTENER_EVENTS, SOCKET_TARGETS, JDBC_TARGETS, LOG_LEVEL, DUPLICATE_DETECTION, DUPLICATE_DETECTION_PROPERTY,
            CONFIG_POLL_INTERVAL,
            CONFIG, ON_CONFIG_ERROR, ALLOW_INSECURE_CONFIG));

    /** Lower-case name to key, in {@link #ALL}'s order so that {@link #nearest} is deterministic. */
    private static final Map<String, Key<?>> BY_LOWER_NAME = new LinkedHashMap<>();

    static {
        for (Key<?> k : ALL) {
            BY_LOWER_NAME.put(k.name.toLowerCase(Locale.ROOT), k);
        }
    }

    final String name;
    final String accepted;
    /** False for the meta keys, which come only from agent arguments and system properties. */
    final boolean inFile;
    final Values.Parser<T> parser;
    /** Null only for {@code config}, which has no default: without it, the file is searched for. */
    private final String defaultText;
    /** Parsed on first use: premain reads a few defaults, not all of them ({@link Settings}). */
    private volatile T defaultValue;

    private Key(String name, String defaultText, String accepted, boolean inFile, Values.Parser<T> parser) {
        this.name = name;
        this.accepted = accepted;
        this.inFile = inFile;
        this.parser = parser;
        this.defaultText = defaultText;
    }

    /**
     * The default, or null for {@code config}. Parsed when first asked: a default is valid by construction (KeyTest
     * parses every one), and parsing them all (the delay schedule, the event set) cost an application's start-up
     * milliseconds for values that only a reconnect reads.
     */
    T defaultValue() {
        T v = defaultValue;
        if (v == null && defaultText != null) {
            try {
                v = parser.parse(defaultText);
            } catch (Values.Invalid e) {
                throw new IllegalStateException("bad default of " + name + ": " + e.getMessage());
            }
            defaultValue = v;
        }
        return v;
    }

    /** The value {@code given} holds for this key (a load's choice among the sources), else the default. */
    @SuppressWarnings("unchecked")
    T in(Map<Key<?>, Object> given) {
        Object v = given.get(this);
        return v != null || given.containsKey(this) ? (T) v : defaultValue();
    }

    private static <T> Key<T> setting(String name, String def, String accepted, Values.Parser<T> parser) {
        return new Key<>(name, def, accepted, true, parser);
    }

    private static <T> Key<T> meta(String name, String def, String accepted, Values.Parser<T> parser) {
        return new Key<>(name, def, accepted, false, parser);
    }

    /** The key of that name, case-insensitive, or null. */
    static Key<?> lookup(String name) {
        return BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /** A key within two typing mistakes of {@code name}, to suggest for an unknown key; or null. */
    static Key<?> nearest(String name) {
        if (name.length() < 5) {
            return null; // short names are near everything
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Key<?>> k : BY_LOWER_NAME.entrySet()) {
            if (withinTwoEdits(lower, k.getKey())) {
                return k.getValue();
            }
        }
        return null;
    }

    /**
     * Levenshtein distance at most 2. A real mqclient.ini has dozens of keys that are not ours, each compared
     * with every key of ours at start-up: rows stop as soon as they cannot end within the limit.
     */
    private static boolean withinTwoEdits(String a, String b) {
        final int limit = 2;
        if (Math.abs(a.length() - b.length()) > limit) {
            return false;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return false;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()] <= limit;
    }

    String print(Object value) {
        return parser.print(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
