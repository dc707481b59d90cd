package io.reattach.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar reattach-agent.jar <command>} as an operator runs it: {@code attach}, {@code status}, {@code list}.
 * Each call is one finished JVM run; the process is always stopped, also when it hangs.
 */
public final class AgentCli {

    /** One finished run. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return String.join(" ", command) + System.lineSeparator() + "exit " + exitCode + System.lineSeparator()
                    + "--- stdout" + System.lineSeparator() + stdout + "--- stderr" + System.lineSeparator() + stderr;
        }
    }

    private AgentCli() {
    }

    /** Runs the command on the tests' JDK. */
    public static Result run(String... args) {
        return run(Jdk.DEFAULT, args);
    }

    public static Result run(Jdk jdk, String... args) {
        return run(jdk, List.of(), args);
    }

    /** With options for the command's own JVM, such as {@code --limit-modules} to play a JRE. */
    public static Result run(Jdk jdk, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(jdk.java().toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", Layout.agentJar().toString()));
        command.addAll(Arrays.asList(args));
        try {
            Path out = Files.createTempFile("reattach-cli-", ".out");
            Path err = Files.createTempFile("reattach-cli-", ".err");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("still running after 60 s: " + command);
                }
                return new Result(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                p.destroyForcibly();
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
