package io.reattach.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A fake process environment over a temporary directory: a working directory and a home, both empty at first. */
final class TestEnv {
    final Path root;
    final Path workDir;
    final Path home;
    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> variables = new HashMap<>();

    TestEnv(Path root) {
        this.root = root;
        try {
            this.workDir = Files.createDirectories(root.resolve("work"));
            this.home = Files.createDirectories(root.resolve("home"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestEnv property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    TestEnv variable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    Environment env() {
        return Environment.of(properties, variables, workDir, home);
    }

    Settings load(String agentArgs) throws ConfigException {
        return SettingsLoader.load(agentArgs, env());
    }

    ConfigException loadFails(String agentArgs) {
        try {
            Settings s = load(agentArgs);
            throw new AssertionError("expected a ConfigException, got:\n" + s.describe());
        } catch (ConfigException e) {
            return e;
        }
    }

    /** Writes a file (relative to the root) and returns its absolute path. */
    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = TestEnv.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] b = new byte[4096];
            for (int n; (n = in.read(b)) > 0; ) {
                out.write(b, 0, n);
            }
            return new String(out.toByteArray(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Setting setting(Settings s, String key) {
        for (Setting setting : s.effective()) {
            if (setting.key().equals(key)) {
                return setting;
            }
        }
        throw new AssertionError("no setting " + key + " in " + s.effective());
    }
}
