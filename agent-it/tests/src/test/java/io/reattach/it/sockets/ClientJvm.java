package io.reattach.it.sockets;

import io.reattach.it.harness.Jdk;
import io.reattach.it.harness.Layout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@link SocketClientApp} in its own JVM, with or without {@code -javaagent}; stdout and stderr go to files in the
 * test's directory. {@link #close()} stops it, also when a test fails.
 */
final class ClientJvm implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final OutputStream stdin;
    private final List<String> command;

    private ClientJvm(Process process, Path stdout, Path stderr, List<String> command) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.stdin = process.getOutputStream();
        this.command = command;
    }

    /**
     * @param agentArgs null: no agent; otherwise the {@code -javaagent} arguments
     * @param jvmArgs   more JVM options
     */
    static ClientJvm start(Path dir, String name, Jdk jdk, String agentArgs, List<String> jvmArgs, String... appArgs) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>();
        command.add(jdk.installed().java().toString());
        if (agentArgs != null) {
            command.add("-javaagent:" + Layout.agentJar() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(Layout.target().resolve("test-classes").toString());
        command.add(SocketClientApp.class.getName());
        command.addAll(Arrays.asList(appArgs));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ClientJvm(p, out, err, command);
    }

    long pid() {
        return process.pid();
    }

    void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Waits for a line of stdout that starts with {@code prefix}. */
    void awaitLine(String prefix, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (stdoutLines().stream().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line " + prefix + " from the client\n" + this);
    }

    /** Waits for an agent log line (stderr) that contains {@code text}. */
    void awaitAgentLog(String text, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (!agentLog(text).isEmpty()) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no agent line with " + text + "\n" + this);
    }

    /** Waits for the JVM to end by itself; returns its exit code. */
    int awaitExit(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the client still runs after " + timeoutSeconds + " s\n" + this);
        }
        return process.exitValue();
    }

    List<String> stdoutLines() throws IOException {
        return Files.readAllLines(stdout, StandardCharsets.UTF_8);
    }

    /** Lines of stdout that start with {@code prefix}. */
    List<String> lines(String prefix) throws IOException {
        return stdoutLines().stream().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** The agent's log lines (on stderr) that contain {@code text}. */
    List<String> agentLog(String text) throws IOException {
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
}
