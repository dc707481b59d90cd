package io.reattach.config;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads {@link Settings}. For each key the first source that has it wins: agent arguments, system properties
 * {@code reattach.<Key>}, the INI file, the defaults. The INI file is the first of: {@code config=} agent
 * argument, {@code -Dreattach.config}, environment variable {@code MQCLNTCF} (a path or a {@code file:} URL),
 * {@code ./mqclient.ini}, {@code ${user.home}/mqclient.ini}; the first three must exist, the last two are
 * optional. Every value from every source is validated, even one that a higher source overrides, and every
 * problem of a load is reported together in one {@link ConfigException}.
 *
 * <p>The parts of a load: {@link SourceValues} gathers what each source gives, {@link IniFileLocator} finds and reads
 * the file (after the {@link InsecureFileCheck}), {@link SettingsResolver} applies the precedence and builds the
 * policy, and {@link LoadReport} collects the problems and warnings, ordered by {@link Source}.
 */
public final class SettingsLoader {

    static final String FILE_NAME = "mqclient.ini";
    static final String PROPERTY_PREFIX = "reattach.";
    static final String MQCLNTCF = "MQCLNTCF";
    /** No mqclient.ini comes near this; a larger "file" is a mistake (a log, a device) we should not read into memory. */
    static final int MAX_FILE_BYTES = 1 << 20;

    private SettingsLoader() {
    }

    /** From the agent arguments (null for none) and this JVM's system properties, environment and files. */
    public static Settings load(String agentArgs) throws ConfigException {
        return load(agentArgs, Environment.system());
    }

    public static Settings load(String agentArgs, Environment env) throws ConfigException {
        Settings defaults = nothingGiven(agentArgs, env);
        return defaults != null ? defaults : loadGiven(agentArgs, env);
    }

    /** The full load, which {@link #nothingGiven} spares a plain {@code -javaagent}. */
    static Settings loadGiven(String agentArgs, Environment env) throws ConfigException {
        LoadReport report = new LoadReport();
        List<AgentArgs.Arg> args = AgentArgs.split(agentArgs, report.problems());
        return load(args, null, env, report);
    }

    /**
     * As if {@code config=iniFile} were the only agent argument, without the agent-argument syntax in the way of
     * unusual file names: {@code check-config PATH}.
     */
    public static Settings loadFile(Path iniFile, Environment env) throws ConfigException {
        return load(Collections.<AgentArgs.Arg>emptyList(), iniFile, env, new LoadReport());
    }

    /**
     * As if an INI file named {@code fileName} held {@code content} and nothing else were set but system
     * properties: the whole loader except the file I/O, so that the fuzz test can afford thousands of inputs.
     */
    static Settings loadContent(String fileName, byte[] content, Environment env) throws ConfigException {
        LoadReport report = new LoadReport();
        SourceValues fromProperties = SourceValues.fromSystemProperties(env, report);
        IniFileLocator.Found given = new IniFileLocator.Found(fileName, "given content", IniFileLocator.decode(content));
        return resolve(SourceValues.NONE, fromProperties, given, null, report);
    }

    /**
     * The settings of a plain {@code -javaagent}: no agent arguments, no {@code reattach.*} system property, no
     * {@code MQCLNTCF} and no file in the implicit places; else null. Every value is then its default, and this is
     * decided without loading the classes that split, parse and check values (about 8 ms of every start-up,
     * BENCHMARKS.md), and with java.io rather than java.nio.file, which an application may never load. It gives what
     * the full load gives for nothing (SettingsLoaderTest).
     */
    static Settings nothingGiven(String agentArgs, Environment env) {
        if (agentArgs != null && !agentArgs.trim().isEmpty()) {
            return null;
        }
        for (String name : env.systemProperties().keySet()) {
            if (name.startsWith(PROPERTY_PREFIX)) {
                return null;
            }
        }
        String fromEnv = env.getenv(MQCLNTCF);
        if (fromEnv != null && !fromEnv.trim().isEmpty()) {
            return null;
        }
        String[] dirs = env.implicitDirectoryNames();
        java.util.List<String> looked = new java.util.ArrayList<>();
        for (String dir : dirs) {
            if (dir != null) {
                java.io.File place = new java.io.File(dir, FILE_NAME).getAbsoluteFile();
                if (place.exists()) {
                    return null; // the full load reads it, or says why it cannot
                }
                looked.add(place.getPath());
            }
        }
        return Settings.nothingGiven(IniFileLocator.noFileExplanation(looked));
    }

    static Settings defaults() {
        return SettingsResolver.resolve(SourceValues.NONE, SourceValues.NONE, SourceValues.NONE, null, null, new LoadReport());
    }

    /**
     * {@code onConfigError} from the agent arguments or system properties: "warn" or "fail". Works when the rest
     * of the settings is invalid, which is exactly when it is needed; anything but a valid "warn" gives "fail".
     */
    public static String onConfigError(String agentArgs) {
        return onConfigError(agentArgs, Environment.system());
    }

    public static String onConfigError(String agentArgs, Environment env) {
        try {
            // Not through AgentArgs.split: a broken value before it ("ReconDelay=(1,2,onConfigError=warn") would
            // swallow it, and broken input is exactly when this is asked.
            String value = null;
            // Compiled here, not at class initialisation: only a failed load asks, and premain is not the place for it.
            Matcher m = Pattern.compile("(?:^|[,(])\\s*onConfigError\\s*=([^,)]*)", Pattern.CASE_INSENSITIVE).matcher(agentArgs == null ? "" : agentArgs);
            if (m.find()) {
                value = m.group(1);
            }
            if (value == null) {
                for (Map.Entry<String, String> p : new TreeMap<>(env.systemProperties()).entrySet()) {
                    if (p.getKey().startsWith(PROPERTY_PREFIX)
                            && Key.lookup(p.getKey().substring(PROPERTY_PREFIX.length())) == Key.ON_CONFIG_ERROR) {
                        value = p.getValue();
                        break;
                    }
                }
            }
            return value != null && value.trim().equalsIgnoreCase("warn") ? "warn" : "fail";
        } catch (RuntimeException e) {
            return "fail"; // deciding how to fail must not fail
        }
    }

    /**
     * Who besides this JVM's user (and root) can write a file with these permissions and owner; null for nobody.
     * See {@link InsecureFileCheck#writers}.
     */
    static String insecureWriters(Set<PosixFilePermission> permissions, String owner, String me) {
        return InsecureFileCheck.writers(permissions, owner, me);
    }

    /** One load: the sources in order, the file they lead to, the settings resolved from all of them. */
    private static Settings load(List<AgentArgs.Arg> args, Path checkConfigFile, Environment env, LoadReport report) throws ConfigException {
        SourceValues fromArgs = SourceValues.fromAgentArgs(args, report);
        SourceValues fromProperties = SourceValues.fromSystemProperties(env, report);
        IniFileLocator locator = new IniFileLocator(env, report, InsecureFileCheck.of(fromArgs, fromProperties, report));
        IniFileLocator.Found found = locator.locate(checkConfigFile, fromArgs.get(Key.CONFIG), fromProperties.get(Key.CONFIG));
        return resolve(fromArgs, fromProperties, found, locator.noFileExplanation(), report);
    }

    /** Parses the file found (null: none), resolves the settings, and fails with every problem of the load. */
    private static Settings resolve(SourceValues fromArgs, SourceValues fromProperties, IniFileLocator.Found found,
                                    String noFileExplanation, LoadReport report) throws ConfigException {
        SourceValues fromFile = found == null ? SourceValues.NONE
                : SourceValues.fromIniFile(IniFile.parse(found.path, found.text, report.problems()), report);
        Settings settings = SettingsResolver.resolve(fromArgs, fromProperties, fromFile, found, noFileExplanation, report);
        report.throwIfAny();
        return settings;
    }
}
