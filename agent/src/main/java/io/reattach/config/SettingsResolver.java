package io.reattach.config;

import io.reattach.config.ConfigException.Problem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the settings from the sources by precedence: for each key the first source that has it wins (agent
 * arguments, system properties, the INI file, the default). Every value of every source is validated, even one that
 * a higher source overrides. Then picks the kind of delay schedule. A key that no source gives keeps its default,
 * which {@link Settings} reads when it is first asked for: nothing here parses or prints a default that nobody gave.
 */
final class SettingsResolver {
    private final LoadReport report;
    /** The chosen value of each key that some source gave. */
    private final Map<Key<?>, GivenValue> chosen = new HashMap<>();
    private final Map<Key<?>, Object> values = new HashMap<>();
    private final Map<Key<?>, Source> sources = new HashMap<>();

    private SettingsResolver(LoadReport report) {
        this.report = report;
    }

    /**
     * @param file the INI file's values; {@code found} the file they come from, or null (then {@code noFileExplanation}
     *             says why there is none, or is null too)
     */
    static Settings resolve(SourceValues args, SourceValues properties, SourceValues file, IniFileLocator.Found found,
                            String noFileExplanation, LoadReport report) {
        SettingsResolver r = new SettingsResolver(report);
        r.choose(args, properties, file);
        GivenValue targets = r.chosen.get(Key.SOCKET_TARGETS);
        if (targets != null && ((List<?>) r.values.get(Key.SOCKET_TARGETS)).contains("*:*")) {
            report.warn(targets.source + ": SocketTargets *:* gives every plain-socket connection of the"
                    + " application the reconnect policy, not only those to brokers");
        }
        boolean exponential = r.exponentialSchedule();
        return new Settings(Collections.unmodifiableMap(r.values), Collections.unmodifiableMap(r.sources), exponential,
                found == null ? null : found.path, found == null ? null : found.origin, noFileExplanation, report.warnings());
    }

    /** Validates every given value and takes the first valid one of each key, with its source. */
    private void choose(SourceValues args, SourceValues properties, SourceValues file) {
        for (Key<?> key : Key.ALL) {
            boolean first = true;
            for (GivenValue given : new GivenValue[]{args.get(key), properties.get(key), file.get(key)}) {
                if (given == null) {
                    continue;
                }
                try {
                    Object parsed = key.parser.parse(given.text);
                    if (first) {
                        values.put(key, parsed);
                        sources.put(key, given.source);
                        chosen.put(key, given);
                    }
                } catch (Values.Invalid e) {
                    report.problem(new Problem(given.source, given.spelled, given.text, e.getMessage(), key.accepted));
                }
                first = false;
            }
        }
    }

    /**
     * ReconDelay unless only the Artemis keys were set: someone who writes RetryInterval and nothing else
     * means the Artemis schedule, and an IBM MQ file that says ReconDelay keeps meaning what it says.
     * {@link Settings#reconnectPolicy()} builds the schedule this picks.
     */
    private boolean exponentialSchedule() {
        List<String> artemisSet = new ArrayList<>();
        for (Key<?> k : new Key<?>[]{Key.RETRY_INTERVAL, Key.RETRY_INTERVAL_MULTIPLIER, Key.MAX_RETRY_INTERVAL}) {
            if (chosen.containsKey(k)) {
                artemisSet.add(k.name + " (" + chosen.get(k).source + ")");
            }
        }
        if (artemisSet.isEmpty()) {
            return false;
        }
        if (chosen.containsKey(Key.RECON_DELAY)) {
            report.warn(chosen.get(Key.RECON_DELAY).source + ": ReconDelay is set, so it is used and "
                    + Text.joinWords(artemisSet) + " " + (artemisSet.size() == 1 ? "is" : "are") + " ignored; remove one kind");
            return false;
        }
        long interval = Key.RETRY_INTERVAL.in(values);
        long max = Key.MAX_RETRY_INTERVAL.in(values);
        if (interval > max) {
            Source maxSource = chosen.containsKey(Key.MAX_RETRY_INTERVAL) ? chosen.get(Key.MAX_RETRY_INTERVAL).source : Source.DEFAULT;
            report.warn("RetryInterval=" + interval + " is more than MaxRetryInterval=" + max + " (" + maxSource
                    + "): the first delay is " + interval + " ms, every later one " + max + " ms");
        }
        return true;
    }
}
