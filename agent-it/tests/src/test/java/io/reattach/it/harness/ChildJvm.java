package io.reattach.it.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A small test program in its own JVM, with or without {@code -javaagent}: the socket and JDBC scenarios' clients
 * (the JMS ones are {@link AppProcess}). Standard output and error go to {@code <name>.out} and {@code <name>.err}
 * in the test's directory; it reads commands on its standard input. Every wait fails with an {@link AssertionError}
 * that shows the command and both outputs. {@link #close()} stops it, also when a test fails.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final OutputStream stdin;
    private final List<String> command;
    private final Supplier<String> context;

    private ChildJvm(Builder b, Path dir, String name, String... appArgs) throws IOException {
        Files.createDirectories(dir);
        command = new ArrayList<>();
        command.add(b.java.toString());
        if (b.agentArgs != null) {
            command.add("-javaagent:" + b.agentJar + (b.agentArgs.isEmpty() ? "" : "=" + b.agentArgs));
        }
        command.addAll(b.jvmArgs);
        command.add("-cp");
        command.add(b.classpath);
        command.add(b.main.getName());
        command.addAll(Arrays.asList(appArgs));
        stdout = dir.resolve(name + ".out");
        stderr = dir.resolve(name + ".err");
        process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        stdin = process.getOutputStream();
        context = b.context;
    }

    /** A JVM for {@code main}, with the test classes as class path and this JVM's {@code java}. */
    public static Builder of(Class<?> main) {
        return new Builder(main);
    }

    public long pid() {
        return process.pid();
    }

    public void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Waits for a line of stdout that starts with {@code prefix}. */
    public void awaitLine(String prefix, long timeoutMillis) throws IOException, InterruptedException {
        await(() -> !lines(prefix).isEmpty(), timeoutMillis, "no line " + prefix + " from the client");
    }

    /** Waits for an agent log line (stderr) that contains {@code text}. */
    public void awaitAgentLog(String text, long timeoutMillis) throws IOException, InterruptedException {
        awaitAgentLog(text, 1, timeoutMillis);
    }

    /** Waits for {@code count} agent log lines that contain {@code text}. */
    public void awaitAgentLog(String text, int count, long timeoutMillis) throws IOException, InterruptedException {
        await(() -> agentLog(text).size() >= count, timeoutMillis, count + " agent line(s) with " + text);
    }

    private interface Check {
        boolean holds() throws IOException;
    }

    /** Polls until the check holds; fails at once when the JVM ended without it. */
    private void await(Check check, long timeoutMillis, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        if (!check.holds()) {
            throw new AssertionError(what + "\n" + this + context.get());
        }
    }

    /** Waits for the JVM to end by itself; returns its exit code. */
    public int awaitExit(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the client still runs after " + timeoutSeconds + " s\n" + this + context.get());
        }
        return process.exitValue();
    }

    public List<String> stdoutLines() throws IOException {
        return Files.readAllLines(stdout, StandardCharsets.UTF_8);
    }

    /** Lines of stdout that start with {@code prefix}. */
    public List<String> lines(String prefix) throws IOException {
        return stdoutLines().stream().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** The agent's INFO log lines (on stderr) that contain {@code text}. */
    public List<String> agentLog(String text) throws IOException {
        return stderr().lines().filter(l -> l.contains("[INFO] reattach") && l.contains(text)).collect(Collectors.toList());
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        try {
            return String.join(" ", command) + "\n--- stdout\n" + String.join("\n", stdoutLines()) + "\n--- stderr\n" + stderr();
        } catch (IOException e) {
            return String.join(" ", command) + " (output unreadable: " + e + ")";
        }
    }

    /** How the JVM is started; every setting has a default. */
    public static final class Builder {
        private final Class<?> main;
        private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        private String agentArgs;
        private Path agentJar = Layout.agentJar();
        private List<String> jvmArgs = List.of();
        private String classpath = Layout.target().resolve("test-classes").toString();
        private Supplier<String> context = () -> "";

        private Builder(Class<?> main) {
            this.main = main;
        }

        public Builder java(Path java) {
            this.java = java;
            return this;
        }

        /** Null: no agent (the default); otherwise the {@code -javaagent} arguments, possibly empty. */
        public Builder agent(String agentArgs) {
            this.agentArgs = agentArgs;
            return this;
        }

        /** The agent jar (the build's by default), such as a copy under another name. */
        public Builder agentJar(Path agentJar) {
            this.agentJar = agentJar;
            return this;
        }

        public Builder jvmArgs(List<String> jvmArgs) {
            this.jvmArgs = jvmArgs;
            return this;
        }

        public Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        /** More to show when a wait fails, such as the server's log. */
        public Builder onFailureShow(Supplier<String> context) {
            this.context = context;
            return this;
        }

        public ChildJvm start(Path dir, String name, String... appArgs) throws IOException {
            return new ChildJvm(this, dir, name, appArgs);
        }
    }
}
