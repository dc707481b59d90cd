package io.reattach.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** The JDK that runs the application under test. */
public enum Jdk {
    /** The JDK that runs the tests (JDK 17 on this project's machines). */
    DEFAULT,
    /** Temurin 25, at {@code /usr/lib/jvm/temurin-25-jdk-amd64} or {@code -Dreattach.it.jdk25=PATH}. */
    TEMURIN_25;

    /** The JDK's home directory. */
    public Path home() {
        switch (this) {
            case TEMURIN_25:
                return Path.of(System.getProperty("reattach.it.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
            default:
                return Path.of(System.getProperty("java.home"));
        }
    }

    /** {@code bin/java} of {@link #home()}. */
    public Path java() {
        return home().resolve("bin").resolve("java");
    }

    /** Skips the current test (an assumption, not a failure) if this JDK is not installed. */
    public Jdk assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(java()), this + " is not installed at " + home());
        return this;
    }
}
