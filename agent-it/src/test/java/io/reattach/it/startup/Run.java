package io.reattach.it.startup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One finished JVM run: exit code and output. The process is always stopped, also when it hangs. */
record Run(int exitCode, String stdout, String stderr) {

    static final Path AGENT_JAR = agentJar();

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
        return Paths.get("target", "test-classes").toAbsolutePath().toString();
    }

    private static Path agentJar() {
        Path jar = Paths.get("..", "agent", "target", "reattach-agent.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -B verify from the root builds it before agent-it)");
        }
        return jar;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }

    static String classPathOf(Path... parts) {
        StringBuilder sb = new StringBuilder();
        for (Path p : parts) {
            if (sb.length() > 0) {
                sb.append(File.pathSeparatorChar);
            }
            sb.append(p);
        }
        return sb.toString();
    }
}
