package io.reattach.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;


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

    /**
     * This JDK, or a test failure saying where it was looked for: the agent is tested on JDK 17 and 25, and a
     * missing JDK must not pass as a skipped test.
     */
    public Jdk installed() {
        if (!Files.isExecutable(java())) {
            throw new AssertionError(this + " is not installed at " + home() + ": install it there or name its home with -Dreattach.it.jdk25=PATH");
        }
        return this;
    }
}
