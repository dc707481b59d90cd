package io.reattach.config;

import io.reattach.config.ConfigException.Problem;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values one source gives, by key, not yet validated: the agent arguments, the {@code reattach.*} system
 * properties or the INI file. Gathering them reports unknown keys (a warning, with the nearest known key) and a key
 * given twice in the same source (a problem).
 */
final class SourceValues {
    static final SourceValues NONE = new SourceValues(Collections.<Key<?>, GivenValue>emptyMap());

    private final Map<Key<?>, GivenValue> values;

    private SourceValues(Map<Key<?>, GivenValue> values) {
        this.values = values;
    }

    /** The value of {@code key}, or null when this source does not have it. */
    GivenValue get(Key<?> key) {
        return values.get(key);
    }

    boolean has(Key<?> key) {
        return values.containsKey(key);
    }

    static SourceValues fromAgentArgs(List<AgentArgs.Arg> args, LoadReport report) {
        Map<Key<?>, GivenValue> result = new HashMap<>();
        for (AgentArgs.Arg a : args) {
            Key<?> key = Key.lookup(a.key);
            if (key == null) {
                report.warn(AgentArgs.SOURCE + ": " + unknownKey(a.key, "") + ": ignored" + suggestion(a.key));
            } else if (result.containsKey(key)) {
                GivenValue first = result.get(key);
                report.problem(new Problem(Source.AGENT_ARGUMENT, a.key, a.value, key.name + " is given twice in the agent arguments (also "
                        + Text.printable(first.spelled) + "=" + Text.printable(first.text) + "); keep one", null));
            } else {
                result.put(key, new GivenValue(a.key, a.value, Source.AGENT_ARGUMENT));
            }
        }
        return new SourceValues(result);
    }

    static SourceValues fromSystemProperties(Environment env, LoadReport report) {
        Map<Key<?>, GivenValue> result = new HashMap<>();
        // Sorted, so that which of two spellings is reported as "also" does not depend on hashing.
        for (Map.Entry<String, String> p : new TreeMap<>(env.systemProperties()).entrySet()) {
            String name = p.getKey();
            if (!name.startsWith(SettingsLoader.PROPERTY_PREFIX)) {
                continue;
            }
            String spelled = name.substring(SettingsLoader.PROPERTY_PREFIX.length());
            Source source = Source.systemProperty(name);
            Key<?> key = Key.lookup(spelled);
            String value = p.getValue().trim();
            if (key == null) {
                report.warn(source + ": " + unknownKey(spelled, "") + ": ignored" + suggestion(spelled));
            } else if (result.containsKey(key)) {
                report.problem(new Problem(source, spelled, value, key.name + " is also set by " + result.get(key).source
                        + " (keys are case-insensitive); keep one", null));
            } else {
                result.put(key, new GivenValue(spelled, value, source));
            }
        }
        return new SourceValues(result);
    }

    /** Reattach's keys of a parsed INI file; a key that is only for arguments and properties is ignored, with a warning. */
    static SourceValues fromIniFile(IniFile ini, LoadReport report) {
        Map<Key<?>, GivenValue> result = new HashMap<>();
        for (IniEntry e : ini.entries()) {
            Key<?> key = Key.lookup(e.key());
            if (key == null) {
                report.warn(e.location() + ": " + unknownKey(e.key(), e.stanza() == null ? " outside any stanza" : " in stanza " + e.stanza())
                        + ": ignored" + suggestion(e.key()));
            } else if (!key.inFile) {
                report.warn(e.location() + ": " + e.key() + " is not read from a file, only from agent arguments and system properties (-Dreattach."
                        + key.name + "): ignored");
            } else if (result.containsKey(key)) {
                report.problem(new Problem(e.source(), e.key(), e.value(), key.name + " is set twice in this file, at lines "
                        + result.get(key).source.line() + " and " + e.line() + "; keep one of them", null));
            } else {
                result.put(key, new GivenValue(e.key(), e.value(), e.source()));
            }
        }
        return new SourceValues(result);
    }

    private static String unknownKey(String key, String where) {
        return "unknown key " + Text.quote(key) + where;
    }

    private static String suggestion(String key) {
        Key<?> near = Key.nearest(key);
        return near == null ? "" : "; did you mean " + near.name + "?";
    }
}
