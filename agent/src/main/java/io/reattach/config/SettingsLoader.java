package io.reattach.config;

import io.reattach.config.ConfigException.Problem;
import io.reattach.policy.DelaySchedule;
import io.reattach.policy.ExponentialSchedule;
import io.reattach.policy.ReconDelaySchedule;
import io.reattach.policy.ReconnectPolicy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads {@link Settings}. For each key the first source that has it wins: agent arguments, system properties
 * {@code reattach.<Key>}, the INI file, the defaults. The INI file is the first of: {@code config=} agent
 * argument, {@code -Dreattach.config}, environment variable {@code MQCLNTCF} (a path or a {@code file:} URL),
 * {@code ./mqclient.ini}, {@code ${user.home}/mqclient.ini}; the first three must exist, the last two are
 * optional. Every value from every source is validated, even one that a higher source overrides, and every
 * problem of a load is reported together in one {@link ConfigException}.
 */
public final class SettingsLoader {

    static final String FILE_NAME = "mqclient.ini";
    static final String PROPERTY_PREFIX = "reattach.";
    static final String MQCLNTCF = "MQCLNTCF";
    /** No mqclient.ini comes near this; a larger "file" is a mistake (a log, a device) we should not read into memory. */
    static final int MAX_FILE_BYTES = 1 << 20;
    private static final Pattern LINE_SUFFIX = Pattern.compile(":[0-9]{1,9}");
    private static final Pattern ON_CONFIG_ERROR_ARG = Pattern.compile("(?:^|[,(])\\s*onConfigError\\s*=([^,)]*)", Pattern.CASE_INSENSITIVE);

    private SettingsLoader() {
    }

    /** From the agent arguments (null for none) and this JVM's system properties, environment and files. */
    public static Settings load(String agentArgs) throws ConfigException {
        return load(agentArgs, Environment.system());
    }

    public static Settings load(String agentArgs, Environment env) throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        List<AgentArgs.Arg> args = AgentArgs.split(agentArgs, problems);
        return new Load(env, problems).run(args, null);
    }

    /**
     * As if {@code config=iniFile} were the only agent argument, without the agent-argument syntax in the way of
     * unusual file names: {@code check-config PATH}.
     */
    public static Settings loadFile(Path iniFile, Environment env) throws ConfigException {
        return new Load(env, new ArrayList<Problem>()).run(Collections.<AgentArgs.Arg>emptyList(), iniFile);
    }

    /**
     * As if an INI file named {@code fileName} held {@code content} and nothing else were set but system
     * properties: the whole loader except the file I/O, so that the fuzz test can afford thousands of inputs.
     */
    static Settings loadContent(String fileName, byte[] content, Environment env) throws ConfigException {
        Load load = new Load(env, new ArrayList<Problem>());
        Map<Key<?>, Raw> none = Collections.emptyMap();
        Map<Key<?>, Raw> fromProperties = load.fromSystemProperties();
        return load.finish(load.resolve(none, fromProperties, load.parse(fileName, decode(content), "given content")));
    }

    static Settings defaults() {
        Map<Key<?>, Raw> none = Collections.emptyMap();
        return new Load(null, new ArrayList<Problem>()).resolve(none, none, none);
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
            Matcher m = ON_CONFIG_ERROR_ARG.matcher(agentArgs == null ? "" : agentArgs);
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

    /** One value as given somewhere: the key as spelled, the trimmed text, and where. */
    private static final class Raw {
        final String spelled;
        final String text;
        final String source;
        final int line; // in the INI file; 0 elsewhere

        Raw(String spelled, String text, String source, int line) {
            this.spelled = spelled;
            this.text = text;
            this.source = source;
            this.line = line;
        }
    }

    /** The state of one load. */
    private static final class Load {
        private final Environment env;
        private final List<Problem> problems;
        private final List<String> warnings = new ArrayList<>();
        private String configFile;
        private String configFileOrigin;
        private String noFileExplanation;
        /** {@code allowInsecureConfig}, needed before the file is read; an invalid value counts as false (and is reported). */
        private boolean allowInsecureConfig;

        /** Warnings go to a log line each: a file name with a newline in it must not start a second one. */
        private void warn(String warning) {
            warnings.add(Text.oneLine(warning));
        }

        Load(Environment env, List<Problem> problems) {
            this.env = env;
            this.problems = problems;
        }

        Settings run(List<AgentArgs.Arg> args, Path explicitFile) throws ConfigException {
            Map<Key<?>, Raw> fromArgs = fromAgentArgs(args);
            Map<Key<?>, Raw> fromProperties = fromSystemProperties();
            allowInsecureConfig = allowsInsecureConfig(fromArgs.get(Key.ALLOW_INSECURE_CONFIG), fromProperties.get(Key.ALLOW_INSECURE_CONFIG));
            Map<Key<?>, Raw> fromFile = fromFile(explicitFile, fromArgs.get(Key.CONFIG), fromProperties.get(Key.CONFIG));
            return finish(resolve(fromArgs, fromProperties, fromFile));
        }

        /** The settings, or every problem of the load. */
        Settings finish(Settings settings) throws ConfigException {
            if (!problems.isEmpty()) {
                final Map<Problem, Long> ranks = new IdentityHashMap<>();
                for (Problem p : problems) {
                    ranks.put(p, rank(p.source()));
                }
                Collections.sort(problems, new Comparator<Problem>() { // stable: equal ranks keep their order
                    @Override
                    public int compare(Problem a, Problem b) {
                        return Long.compare(ranks.get(a), ranks.get(b));
                    }
                });
                throw new ConfigException(problems, warnings);
            }
            return settings;
        }

        /** Arguments, then properties, then the environment, then the file in line order: the order an operator fixes them in. */
        private long rank(String source) {
            if (source.startsWith(AgentArgs.SOURCE)) {
                return 0;
            }
            if (source.startsWith("system property")) {
                return 1;
            }
            if (source.startsWith("environment variable")) {
                return 2;
            }
            if (configFile != null && source.startsWith(configFile)) {
                String rest = source.substring(configFile.length());
                return 3L + (LINE_SUFFIX.matcher(rest).matches() ? Long.parseLong(rest.substring(1)) : Integer.MAX_VALUE);
            }
            return Long.MAX_VALUE;
        }

        private Map<Key<?>, Raw> fromAgentArgs(List<AgentArgs.Arg> args) {
            Map<Key<?>, Raw> result = new HashMap<>();
            for (AgentArgs.Arg a : args) {
                Key<?> key = Key.lookup(a.key);
                if (key == null) {
                    warn(AgentArgs.SOURCE + ": " + unknownKey(a.key, "") + ": ignored" + suggestion(a.key));
                } else if (result.containsKey(key)) {
                    Raw first = result.get(key);
                    problems.add(new Problem(AgentArgs.SOURCE, a.key, a.value, key.name + " is given twice in the agent arguments (also "
                            + Text.printable(first.spelled) + "=" + Text.printable(first.text) + "); keep one", null));
                } else {
                    result.put(key, new Raw(a.key, a.value, AgentArgs.SOURCE, 0));
                }
            }
            return result;
        }

        Map<Key<?>, Raw> fromSystemProperties() {
            Map<Key<?>, Raw> result = new HashMap<>();
            // Sorted, so that which of two spellings is reported as "also" does not depend on hashing.
            for (Map.Entry<String, String> p : new TreeMap<>(env.systemProperties()).entrySet()) {
                String name = p.getKey();
                if (!name.startsWith(PROPERTY_PREFIX)) {
                    continue;
                }
                String spelled = name.substring(PROPERTY_PREFIX.length());
                String source = "system property " + name;
                Key<?> key = Key.lookup(spelled);
                String value = p.getValue().trim();
                if (key == null) {
                    warn(source + ": " + unknownKey(spelled, "") + ": ignored" + suggestion(spelled));
                } else if (result.containsKey(key)) {
                    problems.add(new Problem(source, spelled, value, key.name + " is also set by " + result.get(key).source
                            + " (keys are case-insensitive); keep one", null));
                } else {
                    result.put(key, new Raw(spelled, value, source, 0));
                }
            }
            return result;
        }

        /** Finds and reads the INI file; returns its Reattach keys. */
        private Map<Key<?>, Raw> fromFile(Path explicitFile, Raw argConfig, Raw propertyConfig) {
            if (explicitFile != null) {
                return readNamed(explicitFile.toString(), "check-config", null, "check-config argument");
            }
            if (argConfig != null) {
                return readNamed(argConfig.text, AgentArgs.SOURCE, argConfig.spelled, "agent argument config");
            }
            if (propertyConfig != null) {
                return readNamed(propertyConfig.text, propertyConfig.source, propertyConfig.spelled, propertyConfig.source);
            }
            String fromEnv = env.getenv(MQCLNTCF);
            if (fromEnv != null && !fromEnv.trim().isEmpty()) {
                String source = "environment variable " + MQCLNTCF;
                return readNamed(fromEnv.trim(), source, MQCLNTCF, source);
            }
            // The implicit places: optional.
            List<Path> looked = new ArrayList<>();
            Path[] places = {env.workingDirectory(), env.userHome()};
            String[] origins = {"working directory", "user home"};
            for (int i = 0; i < places.length; i++) {
                if (places[i] == null) {
                    continue;
                }
                Path candidate = places[i].resolve(FILE_NAME).toAbsolutePath().normalize();
                looked.add(candidate);
                if (Files.isRegularFile(candidate)) {
                    try {
                        if (!checkPermissions(candidate)) {
                            return Collections.emptyMap();
                        }
                        return parse(candidate.toString(), read(candidate), origins[i]);
                    } catch (IOException e) {
                        // Not named by anyone: a file we cannot read is not worth stopping the application for.
                        warn(candidate + ": cannot be read (" + reason(e) + "): ignored");
                    }
                }
            }
            noFileExplanation = "none named by config=, -Dreattach.config or " + MQCLNTCF + "; none at " + Values.join(looked);
            return Collections.emptyMap();
        }

        /** A file someone named: it must exist and be readable. */
        private Map<Key<?>, Raw> readNamed(String text, String source, String key, String origin) {
            if (text.isEmpty()) {
                return Collections.emptyMap(); // reported with the other values of the key
            }
            Path path = toPath(text, source, key);
            if (path == null) {
                return Collections.emptyMap();
            }
            String resolved = path.toString().equals(text) ? "" : " (" + path + ")";
            String problem;
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class); // one stat
                if (attributes.isDirectory()) {
                    problem = "this is a directory, not a file" + resolved;
                } else if (!attributes.isRegularFile()) {
                    problem = "this is not a regular file" + resolved; // a FIFO or a device would block or never end
                } else if (!checkPermissions(path)) {
                    return Collections.emptyMap();
                } else {
                    return parse(path.toString(), read(path), origin);
                }
            } catch (NoSuchFileException e) {
                problem = "the file does not exist" + resolved;
            } catch (IOException e) {
                problem = "the file cannot be read (" + reason(e) + ")" + resolved;
            }
            problems.add(key == null
                    ? new Problem(source, null, null, Text.printable(text) + ": " + problem, null)
                    : new Problem(source, key, text, problem, null));
            return Collections.emptyMap();
        }

        /**
         * Refuses a file that users other than its owner can write: whoever can write it can point this application's
         * connections at another host. With {@code allowInsecureConfig=true} it is read, with a warning. File systems
         * without POSIX permissions are not checked.
         *
         * @return whether to read the file
         */
        private boolean checkPermissions(Path path) {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions;
            try {
                permissions = Files.getPosixFilePermissions(path);
            } catch (UnsupportedOperationException | IOException e) {
                return true; // not a POSIX file system, or unreadable: reading it reports the latter
            }
            String owner = null;
            try {
                owner = Files.getOwner(path).getName();
            } catch (UnsupportedOperationException | IOException e) {
                // no owner to compare: the permissions alone decide
            }
            String me = System.getProperty("user.name");
            String who = insecureWriters(permissions, owner, me);
            if (who == null) {
                return true;
            }
            String mode = java.nio.file.attribute.PosixFilePermissions.toString(permissions);
            String risk = "this file is writable by " + who + " (permissions " + mode + "): whoever can write it can redirect this"
                    + " application's connections to another host";
            if (allowInsecureConfig) {
                warn(path + ": " + risk + "; read anyway because allowInsecureConfig=true");
                return true;
            }
            configFile = path.toString(); // the problem is about this file; the sort puts it first of the file's problems
            String fix = !otherOwner(owner, me) ? "run 'chmod go-w' on it"
                    : "chown it to " + (me.equals("root") ? "root" : me + " or root") + " and run 'chmod go-w' on it";
            problems.add(new Problem(path.toString(), null, null, risk + ", so Reattach refuses it: " + fix
                    + ", or accept the risk with -Dreattach.allowInsecureConfig=true", null));
            return false;
        }

        /** {@code allowInsecureConfig} from the agent argument, else the system property; false when invalid. */
        private static boolean allowsInsecureConfig(Raw fromArg, Raw fromProperty) {
            Raw raw = fromArg != null ? fromArg : fromProperty;
            return raw != null && raw.text.trim().equalsIgnoreCase("true");
        }

        /** A path, or a {@code file:} URL such as {@code file:/x/y.ini} or {@code file:///x/y.ini}; relative to the working directory. */
        private Path toPath(String text, String source, String key) {
            try {
                Path path;
                if (text.regionMatches(true, 0, "file:", 0, 5)) {
                    URI uri = new URI(text);
                    String authority = uri.getAuthority();
                    if (uri.isOpaque() || uri.getPath() == null || uri.getPath().isEmpty()) {
                        throw new IllegalArgumentException("not a file URL with an absolute path: write file:/path/mqclient.ini or file:///path/mqclient.ini");
                    }
                    if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
                        throw new IllegalArgumentException("the URL names host '" + authority + "'; only local files are read");
                    }
                    path = Paths.get(new URI("file", null, uri.getPath(), null));
                } else {
                    path = Paths.get(text);
                }
                if (!path.isAbsolute()) {
                    path = env.workingDirectory().resolve(path);
                }
                return path.toAbsolutePath().normalize();
            } catch (URISyntaxException e) {
                addPathProblem(text, source, key, "not a valid file URL (" + e.getReason() + ")");
            } catch (IllegalArgumentException e) { // includes InvalidPathException
                addPathProblem(text, source, key, e instanceof InvalidPathException ? "not a valid path (" + ((InvalidPathException) e).getReason() + ")" : e.getMessage());
            }
            return null;
        }

        private void addPathProblem(String text, String source, String key, String message) {
            problems.add(key == null
                    ? new Problem(source, null, null, Text.printable(text) + ": " + message, null)
                    : new Problem(source, key, text, message, "a path or a file: URL naming an mqclient.ini file"));
        }

        Map<Key<?>, Raw> parse(String fileName, String text, String origin) {
            configFile = fileName;
            configFileOrigin = origin;
            IniFile ini = IniFile.parse(configFile, text, problems);
            Map<Key<?>, Raw> result = new HashMap<>();
            for (IniEntry e : ini.entries()) {
                Key<?> key = Key.lookup(e.key());
                if (key == null) {
                    warn(e.location() + ": " + unknownKey(e.key(), e.stanza() == null ? " outside any stanza" : " in stanza " + e.stanza())
                            + ": ignored" + suggestion(e.key()));
                } else if (!key.inFile) {
                    warn(e.location() + ": " + e.key() + " is not read from a file, only from agent arguments and system properties (-Dreattach."
                            + key.name + "): ignored");
                } else if (result.containsKey(key)) {
                    problems.add(new Problem(e.location(), e.key(), e.value(), key.name + " is set twice in this file, at lines "
                            + result.get(key).line + " and " + e.line() + "; keep one of them", null));
                } else {
                    result.put(key, new Raw(e.key(), e.value(), e.location(), e.line()));
                }
            }
            return result;
        }

        /** Validates every value of every source, takes the first of each key, and builds the policy. */
        Settings resolve(Map<Key<?>, Raw> fromArgs, Map<Key<?>, Raw> fromProperties, Map<Key<?>, Raw> fromFile) {
            Map<Key<?>, Object> values = new HashMap<>();
            Map<Key<?>, Raw> chosen = new HashMap<>();
            List<Setting> effective = new ArrayList<>();
            for (Key<?> key : Key.ALL) {
                Object value = key.defaultValue;
                String source = "default";
                boolean first = true;
                for (Raw raw : new Raw[]{fromArgs.get(key), fromProperties.get(key), fromFile.get(key)}) {
                    if (raw == null) {
                        continue;
                    }
                    try {
                        Object parsed = key.parser.parse(raw.text);
                        if (first) {
                            value = parsed;
                            source = raw.source;
                            chosen.put(key, raw);
                        }
                    } catch (Values.Invalid e) {
                        problems.add(new Problem(raw.source, raw.spelled, raw.text, e.getMessage(), key.accepted));
                    }
                    first = false;
                }
                values.put(key, value);
                if (key != Key.CONFIG) { // the file is shown on its own line
                    effective.add(new Setting(key.name, key.print(value), source));
                }
            }
            List<?> targets = (List<?>) values.get(Key.SOCKET_TARGETS);
            if (targets.contains("*:*")) {
                warn(chosen.get(Key.SOCKET_TARGETS).source + ": SocketTargets *:* gives every plain-socket connection of the"
                        + " application the reconnect policy, not only those to brokers");
            }
            ReconnectPolicy policy = ReconnectPolicy.builder()
                    .schedule(schedule(values, chosen))
                    .maxAttempts((Integer) values.get(Key.RECONNECT_ATTEMPTS))
                    .timeoutMillis(TimeUnit.SECONDS.toMillis((Long) values.get(Key.MQ_RECONNECT_TIMEOUT))) // saturates
                    .build();
            return new Settings(Collections.unmodifiableMap(values), Collections.unmodifiableList(effective), policy,
                    configFile, configFileOrigin, noFileExplanation, Collections.unmodifiableList(new ArrayList<>(warnings)));
        }

        /**
         * ReconDelay unless only the Artemis keys were set: someone who writes RetryInterval and nothing else
         * means the Artemis schedule, and an IBM MQ file that says ReconDelay keeps meaning what it says.
         */
        private DelaySchedule schedule(Map<Key<?>, Object> values, Map<Key<?>, Raw> chosen) {
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
                warn(chosen.get(Key.RECON_DELAY).source + ": ReconDelay is set, so it is used and "
                        + joinWords(artemisSet) + " " + (artemisSet.size() == 1 ? "is" : "are") + " ignored; remove one kind");
                return (ReconDelaySchedule) values.get(Key.RECON_DELAY);
            }
            long interval = (Long) values.get(Key.RETRY_INTERVAL);
            long max = (Long) values.get(Key.MAX_RETRY_INTERVAL);
            if (interval > max) {
                warn("RetryInterval=" + interval + " is more than MaxRetryInterval=" + max + " ("
                        + sourceOf(Key.MAX_RETRY_INTERVAL, chosen) + "): the first delay is " + interval + " ms, every later one " + max + " ms");
            }
            return new ExponentialSchedule(interval, (Double) values.get(Key.RETRY_INTERVAL_MULTIPLIER), max);
        }

        private static String sourceOf(Key<?> key, Map<Key<?>, Raw> chosen) {
            return chosen.containsKey(key) ? chosen.get(key).source : "default";
        }
    }

    private static String unknownKey(String key, String where) {
        return "unknown key " + Text.quote(key) + where;
    }

    private static String suggestion(String key) {
        Key<?> near = Key.nearest(key);
        return near == null ? "" : "; did you mean " + near.name + "?";
    }

    /**
     * Who besides this JVM's user (and root) can write a file with these permissions and owner: null for nobody;
     * otherwise e.g. "its group", "all users", "its owner bob and its group". An unknown owner or user
     * ({@code null}, or {@code ?} for a user id without a name) is not compared.
     */
    static String insecureWriters(java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions, String owner, String me) {
        List<String> writers = new ArrayList<>();
        if (otherOwner(owner, me) && permissions.contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)) {
            writers.add("its owner " + owner);
        }
        if (permissions.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)) {
            writers.add("its group");
        }
        if (permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)) {
            writers.add("all users");
        }
        return writers.isEmpty() ? null : joinWords(writers);
    }

    private static boolean otherOwner(String owner, String me) {
        return owner != null && me != null && !me.isEmpty() && !me.equals("?") && !owner.equals(me) && !owner.equals("root");
    }

    private static String joinWords(List<String> items) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : i == items.size() - 1 ? " and " : ", ").append(items.get(i));
        }
        return sb.toString();
    }

    private static byte[] readBytes(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_FILE_BYTES) {
                    throw new IOException("larger than " + (MAX_FILE_BYTES >> 20) + " MiB; is it the right file?");
                }
            }
            return out.toByteArray();
        }
    }

    /**
     * UTF-8, with a byte order mark skipped by the parser. Bytes that are not UTF-8 (a Latin-1 comment written on
     * Windows) become U+FFFD instead of failing: they are almost always in comments or in keys we ignore.
     */
    private static String read(Path path) throws IOException {
        return decode(readBytes(path));
    }

    private static String decode(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "it disappeared while being read";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
