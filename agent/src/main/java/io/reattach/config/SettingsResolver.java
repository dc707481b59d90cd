package io.reattach.config;

import io.reattach.config.ConfigException.Problem;
import io.reattach.policy.DelaySchedule;
import io.reattach.policy.ExponentialSchedule;
import io.reattach.policy.ReconDelaySchedule;
import io.reattach.policy.ReconnectPolicy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Resolves the settings from the sources by precedence: for each key the first source that has it wins (agent
 * arguments, system properties, the INI file, the default). Every value of every source is validated, even one that
 * a higher source overrides. Then picks the delay schedule and builds the reconnect policy.
 */
final class SettingsResolver {
    private final LoadReport report;
    /** The chosen value of each key that some source gave. */
    private final Map<Key<?>, GivenValue> chosen = new HashMap<>();
    private final Map<Key<?>, Object> values = new HashMap<>();

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
        List<Setting> effective = r.choose(args, properties, file);
        List<?> targets = (List<?>) r.values.get(Key.SOCKET_TARGETS);
        if (targets.contains("*:*")) {
            report.warn(r.chosen.get(Key.SOCKET_TARGETS).source + ": SocketTargets *:* gives every plain-socket connection of the"
                    + " application the reconnect policy, not only those to brokers");
        }
        ReconnectPolicy policy = ReconnectPolicy.builder()
                .schedule(r.schedule())
                .maxAttempts((Integer) r.values.get(Key.RECONNECT_ATTEMPTS))
                .timeoutMillis(TimeUnit.SECONDS.toMillis((Long) r.values.get(Key.MQ_RECONNECT_TIMEOUT))) // saturates
                .build();
        return new Settings(Collections.unmodifiableMap(r.values), Collections.unmodifiableList(effective), policy,
                found == null ? null : found.path, found == null ? null : found.origin, noFileExplanation, report.warnings());
    }

    /** Validates every given value and takes the first of each key; returns every setting with its source. */
    private List<Setting> choose(SourceValues args, SourceValues properties, SourceValues file) {
        List<Setting> effective = new ArrayList<>();
        for (Key<?> key : Key.ALL) {
            Object value = key.defaultValue;
            Source source = Source.DEFAULT;
            boolean first = true;
            for (GivenValue given : new GivenValue[]{args.get(key), properties.get(key), file.get(key)}) {
                if (given == null) {
                    continue;
                }
                try {
                    Object parsed = key.parser.parse(given.text);
                    if (first) {
                        value = parsed;
                        source = given.source;
                        chosen.put(key, given);
                    }
                } catch (Values.Invalid e) {
                    report.problem(new Problem(given.source, given.spelled, given.text, e.getMessage(), key.accepted));
                }
                first = false;
            }
            values.put(key, value);
            if (key != Key.CONFIG) { // the file is shown on its own line
                effective.add(new Setting(key.name, key.print(value), source.toString()));
            }
        }
        return effective;
    }

    /**
     * ReconDelay unless only the Artemis keys were set: someone who writes RetryInterval and nothing else
     * means the Artemis schedule, and an IBM MQ file that says ReconDelay keeps meaning what it says.
     */
    private DelaySchedule schedule() {
        List<String> artemisSet = new ArrayList<>();
        for (Key<?> k : new Key<?>[]{Key.RETRY_INTERVAL, Key.RETRY_INTERVAL_MULTIPLIER, Key.MAX_RETRY_INTERVAL}) {
            if (chosen.containsKey(k)) {
                artemisSet.add(k.name + " (" + chosen.get(k).source + ")");
            }
        }
        if (artemisSet.isEmpty()) {
            return (ReconDelaySchedule) values.get(Key.RECON_DELAY);
        }
        if (chosen.containsKey(Key.RECON_DELAY)) {
            report.warn(chosen.get(Key.RECON_DELAY).source + ": ReconDelay is set, so it is used and "
                    + Text.joinWords(artemisSet) + " " + (artemisSet.size() == 1 ? "is" : "are") + " ignored; remove one kind");
            return (ReconDelaySchedule) values.get(Key.RECON_DELAY);
        }
        long interval = (Long) values.get(Key.RETRY_INTERVAL);
        long max = (Long) values.get(Key.MAX_RETRY_INTERVAL);
        if (interval > max) {
            Source maxSource = chosen.containsKey(Key.MAX_RETRY_INTERVAL) ? chosen.get(Key.MAX_RETRY_INTERVAL).source : Source.DEFAULT;
            report.warn("RetryInterval=" + interval + " is more than MaxRetryInterval=" + max + " (" + maxSource
                    + "): the first delay is " + interval + " ms, every later one " + max + " ms");
        }
        return new ExponentialSchedule(interval, (Double) values.get(Key.RETRY_INTERVAL_MULTIPLIER), max);
    }
}
