package io.reattach.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What the loader reads from the process besides the agent arguments: system properties, environment variables,
 * the working directory and the user's home. Tests pass {@link #of} so that they never touch the real ones.
 */
public interface Environment {

    /** The system properties, as a snapshot. */
    Map<String, String> systemProperties();

    /** An environment variable, or null. */
    String getenv(String name);

    /** Where {@code ./mqclient.ini} is looked for and relative paths are resolved. */
    Path workingDirectory();

    /** Where {@code ~/mqclient.ini} is looked for; null when unknown. */
    Path userHome();

    /**
     * The names of {@link #workingDirectory} and {@link #userHome}, each null when unknown: what a plain
     * {@code -javaagent} checks for an INI file with java.io, since java.nio.file costs a few milliseconds of
     * start-up in an application that does not load it itself ({@link SettingsLoader#nothingGiven}).
     */
    default String[] implicitDirectoryNames() {
        Path work = workingDirectory();
        Path home = userHome();
        return new String[]{work == null ? null : work.toString(), home == null ? null : home.toString()};
    }

    /** This JVM's. */
    static Environment system() {
        return new Environment() {
            @Override
            public Map<String, String> systemProperties() {
                Map<String, String> snapshot = new HashMap<>();
                // stringPropertyNames() copies under the Properties lock: safe while the application sets properties.
                for (String name : System.getProperties().stringPropertyNames()) {
                    String value = System.getProperty(name);
                    if (value != null) {
                        snapshot.put(name, value);
                    }
                }
                return snapshot;
            }

            @Override
            public String getenv(String name) {
                return System.getenv(name);
            }

            @Override
            public Path workingDirectory() {
                Path p = path(System.getProperty("user.dir"));
                return p != null ? p : Paths.get("").toAbsolutePath();
            }

            @Override
            public Path userHome() {
                return path(System.getProperty("user.home"));
            }

            @Override
            public String[] implicitDirectoryNames() {
                String work = System.getProperty("user.dir");
                String home = System.getProperty("user.home");
                return new String[]{work == null || work.isEmpty() ? new java.io.File("").getAbsolutePath() : work,
                        home == null || home.isEmpty() ? null : home};
            }

            private Path path(String s) {
                try {
                    return s == null || s.isEmpty() ? null : Paths.get(s);
                } catch (InvalidPathException e) {
                    return null;
                }
            }
        };
    }

    /** A fixed environment, for tests and tools. */
    static Environment of(Map<String, String> systemProperties, Map<String, String> environmentVariables,
                          Path workingDirectory, Path userHome) {
        final Map<String, String> props = Collections.unmodifiableMap(new HashMap<>(systemProperties));
        final Map<String, String> vars = Collections.unmodifiableMap(new HashMap<>(environmentVariables));
        return new Environment() {
            @Override
            public Map<String, String> systemProperties() {
                return props;
            }

            @Override
            public String getenv(String name) {
                return vars.get(name);
            }

            @Override
            public Path workingDirectory() {
                return workingDirectory;
            }

            @Override
            public Path userHome() {
                return userHome;
            }
        };
    }
}
