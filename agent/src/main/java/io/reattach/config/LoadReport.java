package io.reattach.config;

import io.reattach.config.ConfigException.Problem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one load found besides the values: every problem (the load fails with all of them together) and every
 * warning (logged, one line each).
 */
final class LoadReport {
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    void problem(Problem p) {
        problems.add(p);
    }

    /** The list itself, for the parsers that add to it (agent arguments, INI lines). */
    List<Problem> problems() {
        return problems;
    }

    /** Warnings go to a log line each: a file name with a newline in it must not start a second one. */
    void warn(String warning) {
        warnings.add(Text.oneLine(warning));
    }

    /** The warnings so far, as a value. */
    List<String> warnings() {
        return Collections.unmodifiableList(new ArrayList<>(warnings));
    }

    /**
     * Fails with every problem, ordered by where it is ({@link Source#fixOrder}: the order an operator fixes them
     * in; problems of the same place keep the order they were found in).
     */
    void throwIfAny() throws ConfigException {
        if (!problems.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(problems);
            sorted.sort((a, b) -> Source.fixOrder(a.where(), b.where())); // stable
            throw new ConfigException(sorted, warnings);
        }
    }
}
