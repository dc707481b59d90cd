package io.reattach.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where things are: the repository root, the agent jar, the tests' output directory. */
public final class Layout {
    private Layout() {
    }

    /** The root of the Maven project (the directory with {@code agent/} and {@code agent-it/}). */
    public static Path root() {
        String basedir = System.getProperty("reattach.it.basedir");
        Path start = (basedir != null ? Path.of(basedir) : Path.of("")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("agent").resolve("pom.xml"))
                    && Files.isDirectory(p.resolve("agent-it"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the project root (with agent/pom.xml) above " + start);
    }

    /** {@code agent/target/reattach-agent.jar}; fails clearly if it was not built. */
    public static Path agentJar() {
        Path jar = root().resolve("agent").resolve("target").resolve("reattach-agent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the agent jar " + jar + " is missing: build it first with"
                    + " mvn -B package (from the root; mvn -B verify builds it before agent-it)");
        }
        return jar;
    }

    /** {@code agent-it/tests/target}: logs and broker data go below it. */
    public static Path target() {
        return root().resolve("agent-it").resolve("tests").resolve("target");
    }
}
