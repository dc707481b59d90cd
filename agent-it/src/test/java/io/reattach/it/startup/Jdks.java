package io.reattach.it.startup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The JDKs the agent is tested on: the one running the tests (17) and Temurin 25. */
final class Jdks {
    private Jdks() {
    }

    static Path current() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    /** JDK 25: {@code REATTACH_JDK25} (a JDK home), else the machine's Temurin 25. Missing is a test failure, not a skip. */
    static Path jdk25() {
        String configured = System.getenv("REATTACH_JDK25");
        Path home = Paths.get(configured != null ? configured : "/usr/lib/jvm/temurin-25-jdk-amd64");
        Path java = home.resolve("bin").resolve("java");
        if (!Files.isExecutable(java)) {
            throw new AssertionError("JDK 25 not found at " + home + ": install Temurin 25 there or set REATTACH_JDK25 to a JDK 25 home");
        }
        return java;
    }
}
