package io.reattach.it.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One finished JVM run: exit code and output. The process is always stopped, also when it hangs. */
record Run(int exitCode, String stdout, String stderr) {

    static final Path AGENT_JAR = io.reattach.it.harness.Layout.agentJar();

    static Run java(Path java, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(args);
        Path out = Files.createTempFile("reattach-it-", ".out");
        Path err = Files.createTempFile("reattach-it-", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("still running after 60 s: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Run java(Path java, String... args) throws IOException, InterruptedException {
        return java(java, Arrays.asList(args));
    }

    static String testClassPath() {
        return io.reattach.it.harness.Layout.target().resolve("test-classes").toString();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
