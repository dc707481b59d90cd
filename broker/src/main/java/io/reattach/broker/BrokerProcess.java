package io.reattach.broker;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The test broker ({@link EmbeddedBroker}) in its own JVM: start it, {@link #kill() kill -9} it, start it again on the
 * same journal and port.
 *
 * <pre>{@code
 * try (BrokerProcess broker = BrokerProcess.builder().dataDir(Paths.get("target/broker")).build().start()) {
 *     String url = broker.url("tcp");   // tcp://127.0.0.1:<port>; "amqp" for Qpid JMS
 *     ...
 *     broker.kill();                    // SIGKILL: no shutdown, as in a crash
 *     broker.start();                   // same data directory, same port; returns when it accepts connections
 * }                                     // close() stops it
 * }</pre>
 *
 * <p>The broker JVM runs the same {@code java} as the current one unless {@link Builder#javaHome(Path)} says otherwise,
 * with the class path that the build of this module wrote into its jar ({@code io/reattach/broker/broker.classpath})
 * plus the jar (or classes directory) this class was loaded from, so it works whatever the current JVM's class path
 * is (Surefire's, for one, can be a manifest-only jar). Its standard output and error are appended to
 * {@link #logFile()}, one file for all starts, each start headed by a line {@code === start #n ...}.
 *
 * <p>Nothing is left running: {@link #close()} stops the broker, a JVM shutdown hook kills every broker still running
 * when the current JVM exits, and the broker halts by itself when its standard input closes, which happens when the
 * JVM that started it dies in any way.
 *
 * <p>Instances are thread-safe; the state-changing methods are synchronized.
 */
public final class BrokerProcess implements Broker {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : LIVE) {
                p.destroyForcibly();
            }
        }, "broker-process-reaper"));
    }

    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private final Path javaHome;
    private final String classpath;
    private final List<String> jvmArgs;
    private final Duration startTimeout;
    private final ReplicationPair.Role haRole;
    private final int peerPort;
    private final boolean logConnections;

    private Process process;
    private OutputStream stdin;
    private int starts;
    /** Where the output of the current (or last) start begins in the log file. */
    private long startOffset;

    private BrokerProcess(Builder b) {
        this.port = b.port > 0 ? b.port : FreePort.find();
        this.dataDir = (b.dataDir != null ? b.dataDir
                : Paths.get("target", "reattach-broker", "data-" + port)).toAbsolutePath();
        this.logFile = (b.logFile != null ? b.logFile
                : dataDir.resolveSibling(dataDir.getFileName() + ".log")).toAbsolutePath();
        this.javaHome = b.javaHome != null ? b.javaHome : Paths.get(System.getProperty("java.home"));
        this.classpath = b.classpath != null ? b.classpath : defaultClasspath();
        this.jvmArgs = List.copyOf(b.jvmArgs);
        this.startTimeout = b.startTimeout;
        this.haRole = b.haRole;
        this.peerPort = b.peerPort;
        this.logConnections = b.logConnections;
    }

    /** A builder with the defaults: a free port, {@code target/reattach-broker/data-<port>}, the current JVM. */
    public static Builder builder() {
        return new Builder();
    }

    /** The TCP port, the same for every start. */
    public int port() {
        return port;
    }

    /** {@code scheme://127.0.0.1:port}: {@code tcp} for the Artemis and ActiveMQ Classic clients, {@code amqp} for Qpid. */
    public String url(String scheme) {
        return scheme + "://" + HOST + ":" + port;
    }

    /** The directory of the journal, bindings, paging and large messages. */
    public Path dataDir() {
        return dataDir;
    }

    /** The file the broker's standard output and error are appended to. */
    public Path logFile() {
        return logFile;
    }

    /** How many times {@link #start()} has started the broker. */
    public synchronized int starts() {
        return starts;
    }

    /** Whether the broker's JVM is alive (it may not accept connections yet, or any more). */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The process id of the broker JVM that runs or ran last, or -1 before the first start. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /**
     * Starts the broker and waits until it accepts connections; for the backup of a {@link Builder#replication pair},
     * until its replica is in sync with the primary (it accepts connections only once it becomes active).
     *
     * @return this
     * @throws IllegalStateException if it is already running, or if it did not become ready within the start timeout
     *                               (the message has the end of its log; the half-started JVM is killed)
     */
    public synchronized BrokerProcess start() {
        if (isRunning()) {
            throw new IllegalStateException("broker on port " + port + " is already running (pid " + pid() + ")");
        }
        starts++;
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(EmbeddedBroker.class.getName());
        command.add("--port=" + port);
        command.add("--data-dir=" + dataDir);
        command.add("--exit-on-stdin-eof");
        if (logConnections) {
            command.add("--log-connections");
        }
        if (haRole != null) {
            command.add("--ha=" + haRole.argument());
            command.add("--peer-port=" + peerPort);
        }
        long offset;
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logFile.getParent());
            String header = "=== start #" + starts + " at " + LocalTime.now() + ": " + String.join(" ",
                    command.subList(0, command.indexOf("-cp"))) + " -cp ... " + String.join(" ",
                    command.subList(command.indexOf("-cp") + 2, command.size()));
            appendToLog(header);
            offset = Files.size(logFile);
            startOffset = offset;
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker: " + command, e);
        }
        LIVE.add(process);
        stdin = process.getOutputStream();
        awaitReady(offset);
        return this;
    }

    private void awaitReady(long offset) {
        String ready = EmbeddedBroker.READY_PREFIX + port;
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            String output = readFrom(offset);
            if (output.contains(ready)) {
                return;
            }
            if (!process.isAlive()) {
                int code = process.exitValue();
                forget();
                throw new IllegalStateException("the broker on port " + port + " exited with code " + code
                        + " before it was ready; end of " + logFile + ":\n" + logTail(40));
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("the broker on port " + port + " was not ready within "
                        + startTimeout.toMillis() + " ms (killed it); end of " + logFile + ":\n" + logTail(40));
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the broker started", e);
            }
        }
    }

    /**
     * Waits until the broker's output since its last start contains {@code text} (such as
     * {@link EmbeddedBroker#ACTIVE_PREFIX}), at most {@code timeout}; returns {@link System#nanoTime()} when it was seen,
     * within about 10 ms.
     *
     * @throws IllegalStateException when the text did not come in time (the message has the end of the log)
     */
    public long awaitOutput(String text, Duration timeout) {
        return awaitOutput(text, 1, timeout);
    }

    /**
     * As {@link #awaitOutput(String, Duration)}, until the output since the last start holds {@code text} at least
     * {@code times} times: a broker that runs on prints the same line again ({@link #countOutput}).
     */
    public long awaitOutput(String text, int times, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (countOutput(text) < times) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker on port " + port + " did not print '" + text + "' " + times
                        + " time(s) within " + timeout.toMillis() + " ms; end of " + logFile + ":\n" + logTail(40));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for '" + text + "'", e);
            }
        }
        return System.nanoTime();
    }

    /** How many times the output since the last start contains {@code text}. */
    public int countOutput(String text) {
        String output = outputSinceStart();
        int n = 0;
        for (int i = output.indexOf(text); i >= 0; i = output.indexOf(text, i + text.length())) {
            n++;
        }
        return n;
    }

    /** What the broker printed since its last start (the first MiB of it). */
    public String outputSinceStart() {
        long from;
        synchronized (this) {
            from = startOffset;
        }
        return readFrom(from);
    }

    private String readFrom(long offset) {
        return LogFile.readFrom(logFile, offset);
    }

    /**
     * Kills the broker with SIGKILL, as in a crash, and waits until the process is gone. Does nothing if it is not
     * running.
     */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        long pid = process.pid();
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
        forget();
        appendToLog("=== killed (SIGKILL) pid " + pid + " at " + LocalTime.now());
    }

    /**
     * Stops the broker: SIGTERM (the broker stops its server in a shutdown hook), then SIGKILL if it is still running
     * after the grace period. Does nothing if it is not running.
     */
    public synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        long pid = process.pid();
        process.destroy();
        if (!waitForExit(grace)) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
        }
        forget();
        appendToLog("=== stopped pid " + pid + " at " + LocalTime.now());
    }

    /** {@link #kill() Kills} the broker if it runs, then {@link #start() starts} it on the same directory and port. */
    public synchronized BrokerProcess restart() {
        kill();
        return start();
    }

    /** {@link #stop(Duration) Stops} the broker, with 5 seconds' grace. */
    @Override
    public synchronized void close() {
        stop(Duration.ofSeconds(5));
    }

    /**
     * Appends a line to the log file, between the broker's own lines (the harness marks where each test begins).
     * Lines that the broker writes at the same moment may interleave with it.
     */
    public void appendToLog(String line) {
        LogFile.append(logFile, line);
    }

    /** The last {@code lines} lines of the log file, all starts included; empty if there is none. */
    public String logTail(int lines) {
        return LogFile.tail(logFile, lines);
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private void forget() {
        LIVE.remove(process);
        if (stdin != null) {
            try {
                stdin.close();
            } catch (IOException ignored) {
                // The broker is gone already.
            }
            stdin = null;
        }
    }

    @Override
    public String toString() {
        return "BrokerProcess[port=" + port + ", dataDir=" + dataDir + ", running=" + isRunning() + "]";
    }

    /** This module's jar or classes directory, then the class path its build wrote (its runtime dependencies). */
    static String defaultClasspath() {
        Path self;
        try {
            self = Paths.get(BrokerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot locate the jar of " + BrokerProcess.class.getName(), e);
        }
        String dependencies;
        try (InputStream in = BrokerProcess.class.getResourceAsStream("broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException("io/reattach/broker/broker.classpath is missing next to "
                        + BrokerProcess.class.getName() + " in " + self + ": build the broker module with Maven");
            }
            dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return self + File.pathSeparator + dependencies;
    }

    /** Settings of a {@link BrokerProcess}; every one has a default. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private Path logFile;
        private Path javaHome;
        private String classpath;
        private final List<String> jvmArgs = new ArrayList<>(Arrays.asList(
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Djava.net.preferIPv4Stack=true",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.log.org.apache.activemq.audit=warn"));
        private Duration startTimeout = Duration.ofSeconds(60);
        private ReplicationPair.Role haRole;
        private int peerPort;
        private boolean logConnections;

        private Builder() {
        }

        /**
         * Makes this broker one of a replication pair ({@link ReplicationPair}) whose other broker listens on
         * {@code peerPort}. Give both the same {@link #port} and {@code peerPort}, crossed.
         */
        public Builder replication(ReplicationPair.Role role, int peerPort) {
            this.haRole = Objects.requireNonNull(role);
            this.peerPort = peerPort;
            return this;
        }

        /** The TCP port; default a {@link FreePort free} one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The journal directory; default {@code target/reattach-broker/data-<port>} in the working directory. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir);
            return this;
        }

        /** Where the broker's output is appended; default the data directory's path with {@code .log} added. */
        public Builder logFile(Path logFile) {
            this.logFile = Objects.requireNonNull(logFile);
            return this;
        }

        /** The JDK or JRE that runs the broker; default the current JVM's {@code java.home}. */
        public Builder javaHome(Path javaHome) {
            this.javaHome = Objects.requireNonNull(javaHome);
            return this;
        }

        /** The broker JVM's class path; default the one the broker module's build wrote (see the class comment). */
        public Builder classpath(String classpath) {
            this.classpath = Objects.requireNonNull(classpath);
            return this;
        }

        /** Adds options for the broker JVM, after the defaults (small heap, serial GC, C1 only: quick to start). */
        public Builder jvmArgs(String... args) {
            jvmArgs.addAll(Arrays.asList(args));
            return this;
        }

        /**
         * Whether the broker logs a line ({@link EmbeddedBroker#CONNECTION_PREFIX}) for each connection it accepts;
         * default no.
         */
        public Builder logConnections(boolean logConnections) {
            this.logConnections = logConnections;
            return this;
        }

        /** How long {@link BrokerProcess#start()} waits for the broker to accept connections; default 60 s. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout);
            return this;
        }

        /** The broker process, not started yet: call {@link BrokerProcess#start()}. */
        public BrokerProcess build() {
            return new BrokerProcess(this);
        }
    }
}
