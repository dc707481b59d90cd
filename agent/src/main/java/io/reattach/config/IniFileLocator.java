package io.reattach.config;

import io.reattach.config.ConfigException.Problem;

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
import java.util.List;

/**
 * Finds the INI file and reads it. The file is the first of: the {@code check-config} argument, {@code config=}
 * agent argument, {@code -Dreattach.config}, {@code MQCLNTCF} (a path or a {@code file:} URL); those must exist and
 * be readable, or the load fails. Then {@code ./mqclient.ini} and {@code ${user.home}/mqclient.ini}, which are
 * optional: one that cannot be read is a warning. Every file passes the {@link InsecureFileCheck} first.
 */
final class IniFileLocator {

    /** A file found and read: its absolute path, how it was found, and its text. */
    static final class Found {
        final String path;
        final String origin;
        final String text;

        Found(String path, String origin, String text) {
            this.path = path;
            this.origin = origin;
            this.text = text;
        }
    }

    /** What a key that names the file accepts. */
    private static final String ACCEPTED = "a path or a file: URL naming an mqclient.ini file";

    private final Environment env;
    private final LoadReport report;
    private final InsecureFileCheck insecure;
    private String noFileExplanation;

    IniFileLocator(Environment env, LoadReport report, InsecureFileCheck insecure) {
        this.env = env;
        this.report = report;
        this.insecure = insecure;
    }

    /**
     * The file, or null: none was named and none is in the implicit places ({@link #noFileExplanation}), or the one
     * found could not be used (reported).
     */
    Found locate(Path checkConfigFile, GivenValue argConfig, GivenValue propertyConfig) {
        if (checkConfigFile != null) {
            return readNamed(checkConfigFile.toString(), Source.CHECK_CONFIG, null, "check-config argument");
        }
        if (argConfig != null) {
            return readNamed(argConfig.text, Source.AGENT_ARGUMENT, argConfig.spelled, "agent argument config");
        }
        if (propertyConfig != null) {
            return readNamed(propertyConfig.text, propertyConfig.source, propertyConfig.spelled, propertyConfig.source.toString());
        }
        String fromEnv = env.getenv(SettingsLoader.MQCLNTCF);
        if (fromEnv != null && !fromEnv.trim().isEmpty()) {
            Source source = Source.environmentVariable(SettingsLoader.MQCLNTCF);
            return readNamed(fromEnv.trim(), source, SettingsLoader.MQCLNTCF, source.toString());
        }
        return readImplicit();
    }

    /** Why there is no file, when {@link #locate} found none named and none in the implicit places; else null. */
    String noFileExplanation() {
        return noFileExplanation;
    }

    /** {@code ./mqclient.ini}, then {@code ~/mqclient.ini}: optional. */
    private Found readImplicit() {
        Path[] places = implicitPlaces(env);
        String[] origins = {"working directory", "user home"};
        for (int i = 0; i < places.length; i++) {
            if (places[i] != null && Files.isRegularFile(places[i])) {
                try {
                    return insecure.mayRead(places[i]) ? new Found(places[i].toString(), origins[i], read(places[i])) : null;
                } catch (IOException e) {
                    // Not named by anyone: a file we cannot read is not worth stopping the application for.
                    report.warn(places[i] + ": cannot be read (" + reason(e) + "): ignored");
                }
            }
        }
        noFileExplanation = noFileExplanation(places);
        return null;
    }

    /** Where an unnamed file may be: {@code ./mqclient.ini} and {@code ~/mqclient.ini}, each null when its directory is unknown. */
    static Path[] implicitPlaces(Environment env) {
        Path[] dirs = {env.workingDirectory(), env.userHome()};
        Path[] places = new Path[dirs.length];
        for (int i = 0; i < dirs.length; i++) {
            places[i] = dirs[i] == null ? null : dirs[i].resolve(SettingsLoader.FILE_NAME).toAbsolutePath().normalize();
        }
        return places;
    }

    /** Why there is no file, when none was named and none is in {@code places}. */
    static String noFileExplanation(Path[] places) {
        List<String> looked = new ArrayList<>();
        for (Path p : places) {
            if (p != null) {
                looked.add(p.toString());
            }
        }
        return noFileExplanation(looked);
    }

    /** As above, with the places as text. */
    static String noFileExplanation(List<String> looked) {
        return "none named by config=, -Dreattach.config or " + SettingsLoader.MQCLNTCF + "; none at " + String.join(",", looked);
    }

    /** A file someone named: it must exist and be readable. */
    private Found readNamed(String text, Source source, String key, String origin) {
        if (text.isEmpty()) {
            return null; // reported with the other values of the key
        }
        Path path = toPath(text, source, key);
        if (path == null) {
            return null;
        }
        String resolved = path.toString().equals(text) ? "" : " (" + path + ")";
        String problem;
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class); // one stat
            if (attributes.isDirectory()) {
                problem = "this is a directory, not a file" + resolved;
            } else if (!attributes.isRegularFile()) {
                problem = "this is not a regular file" + resolved; // a FIFO or a device would block or never end
            } else if (!insecure.mayRead(path)) {
                return null;
            } else {
                return new Found(path.toString(), origin, read(path));
            }
        } catch (NoSuchFileException e) {
            problem = "the file does not exist" + resolved;
        } catch (IOException e) {
            problem = "the file cannot be read (" + reason(e) + ")" + resolved;
        }
        pathProblem(text, source, key, problem, null);
        return null;
    }

    /** A path, or a {@code file:} URL such as {@code file:/x/y.ini} or {@code file:///x/y.ini}; relative to the working directory. */
    private Path toPath(String text, Source source, String key) {
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
            pathProblem(text, source, key, "not a valid file URL (" + e.getReason() + ")", ACCEPTED);
        } catch (IllegalArgumentException e) { // includes InvalidPathException
            pathProblem(text, source, key, e instanceof InvalidPathException ? "not a valid path (" + ((InvalidPathException) e).getReason() + ")"
                    : e.getMessage(), ACCEPTED);
        }
        return null;
    }

    /** About the value of a key, or (the check-config argument, which has no key) about the text itself. */
    private void pathProblem(String text, Source source, String key, String message, String accepted) {
        report.problem(key == null
                ? new Problem(source, null, null, Text.printable(text) + ": " + message, null)
                : new Problem(source, key, text, message, accepted));
    }

    /**
     * UTF-8, with a byte order mark skipped by the parser. Bytes that are not UTF-8 (a Latin-1 comment written on
     * Windows) become U+FFFD instead of failing: they are almost always in comments or in keys we ignore.
     */
    static String decode(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }

    private static String read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > SettingsLoader.MAX_FILE_BYTES) {
                    throw new IOException("larger than " + (SettingsLoader.MAX_FILE_BYTES >> 20) + " MiB; is it the right file?");
                }
            }
            return decode(out.toByteArray());
        }
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
