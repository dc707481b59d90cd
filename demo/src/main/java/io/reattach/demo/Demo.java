package io.reattach.demo;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.reattach.broker.BrokerProcess;
import io.reattach.demo.app.LegacyOrderApp;

/**
 * The demo: {@code java -jar demo/target/reattach-demo.jar}. Starts an ActiveMQ Artemis broker in its own JVM, runs
 * {@link LegacyOrderApp} in another JVM with the Reattach agent while the broker is killed with {@code kill -9} and
 * restarted, then the same without the agent, and prints a timeline of each run, a summary and a side-by-side
 * comparison. Exits with 0 when the run with the agent lost nothing.
 */
public final class Demo {

    /** Both runs, either null if it was not run. */
    record Outcome(RunResult withAgent, RunResult withoutAgent) {
        /** 0 when the run with the agent completed and lost nothing (or was not run), else 1. */
        int exitCode() {
            return withAgent == null || withAgent.lostNothing() ? 0 : 1;
        }
    }

    private Demo() {
    }

    public static void main(String[] args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("reattach-demo: " + e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(64);
            return;
        }
        if (options.help) {
            System.out.println(DemoOptions.USAGE);
            return;
        }
        // The Artemis client in this JVM (the queue check) would log a warning on every broker kill it sees.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        Terminal term = Terminal.system(options.color);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DemoRun.LIVE.forEach(Process::destroyForcibly);
            term.clearStatusLine();
        }, "demo-cleanup"));
        try {
            Outcome outcome = run(options, term);
            System.exit(outcome.exitCode());
        } catch (SetupException e) {
            term.clearStatusLine();
            System.err.println("reattach-demo: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            term.clearStatusLine();
            System.err.println("reattach-demo: the demo itself failed: " + e);
            e.printStackTrace();
            System.exit(3);
        }
    }

    /** A problem that stops the demo before it starts, with a message that says what to do. */
    static final class SetupException extends Exception {
        SetupException(String message) {
            super(message);
        }
    }

    static Outcome run(DemoOptions options, Terminal term) throws Exception {
        if (options.withAgent) {
            options.agentJar = locateAgentJar(options.agentJar);
        }
        Path workDir = options.workDir != null ? options.workDir : defaultWorkDir();
        Files.createDirectories(workDir);
        try (FileChannel lockFile = FileChannel.open(workDir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new SetupException("another demo is running in " + relative(workDir) + "; wait for it to end");
            }
            return run(options, term, workDir);
        }
    }

    private static Outcome run(DemoOptions options, Terminal term, Path workDir) throws Exception {
        Path dataDir = workDir.resolve("broker-data");
        deleteRecursively(dataDir);
        Files.deleteIfExists(workDir.resolve("broker.log"));

        Report report = new Report(term, options);
        report.header();
        long t0 = System.nanoTime();
        BrokerProcess broker = BrokerProcess.builder()
                .dataDir(dataDir)
                .logFile(workDir.resolve("broker.log"))
                .startTimeout(Duration.ofSeconds(90))
                .build();
        RunResult with = null;
        RunResult without = null;
        try {
            broker.start();
            term.println(String.format("  Broker: ActiveMQ Artemis in its own JVM (pid %d) at %s, persistent journal in %s",
                    broker.pid(), broker.url("tcp"), relative(dataDir)));
            int runs = (options.withAgent ? 1 : 0) + (options.withoutAgent ? 1 : 0);
            int n = 0;
            if (options.withAgent) {
                DemoRun run = new DemoRun(options, broker, term, true, "orders.with-reattach",
                        workDir.resolve("app-with-reattach.log"));
                report.runHeading(++n, runs, true, run.command());
                with = run.run();
                report.summary(with);
            }
            if (options.withoutAgent) {
                DemoRun run = new DemoRun(options, broker, term, false, "orders.without-reattach",
                        workDir.resolve("app-without-reattach.log"));
                report.runHeading(++n, runs, false, run.command());
                without = run.run();
                report.summary(without);
            }
        } finally {
            broker.close();
        }
        report.comparison(with, without, (System.nanoTime() - t0) / 1e9, workDir);
        return new Outcome(with, without);
    }

    // ---- where things are ----

    /** The jar or classes directory this class was loaded from: demo/target/reattach-demo.jar or demo/target/classes. */
    static Path codeSource() {
        try {
            return Paths.get(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot tell where " + Demo.class.getName() + " was loaded from", e);
        }
    }

    /** The repository: the parent of demo/ (demo/target/reattach-demo.jar → demo/target → demo → the repository). */
    static Path repository() {
        Path target = codeSource().getParent();
        return target != null && target.getParent() != null && target.getParent().getParent() != null
                ? target.getParent().getParent() : Paths.get("").toAbsolutePath();
    }

    private static Path defaultWorkDir() {
        return codeSource().getParent().resolve("demo-run");
    }

    static Path locateAgentJar(Path given) throws SetupException {
        Path jar = given != null ? given : repository().resolve("agent").resolve("target").resolve("reattach-agent.jar");
        if (!Files.isRegularFile(jar)) {
            if (given != null) {
                throw new SetupException("the agent jar named by -Dreattach.agentJar does not exist: " + jar);
            }
            throw new SetupException("the agent jar is missing: " + jar + System.lineSeparator()
                    + "  Build it first, from " + repository() + ":  mvn -B -q -DskipTests package" + System.lineSeparator()
                    + "  or name one:  java -Dreattach.agentJar=/path/to/reattach-agent.jar -jar " + relative(codeSource()));
        }
        return jar.toAbsolutePath().normalize();
    }

    /**
     * The application's class path: this JVM's, absolute. Under {@code java -jar} that is the demo jar, whose manifest
     * names the Artemis JMS client in lib/; under a test runner, the test class path.
     */
    static String applicationClasspath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Paths.get(e).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The path relative to the working directory when it is under it, for shorter output. */
    static String relative(Path path) {
        Path cwd = Paths.get("").toAbsolutePath();
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the old broker data in " + dir, e);
        }
    }
}
