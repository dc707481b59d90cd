package io.reattach.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The legacy application ({@code io.reattach.it.app.LegacyApp}) in its own JVM, with one client's class path and,
 * optionally, {@code -javaagent:agent/target/reattach-agent.jar=<args>}.
 *
 * <p>Standard output and error go to a log file (each line stamped with the time and {@code out}/{@code err}) and into
 * memory; {@link #awaitLine} waits for a line of standard output. Every method that waits fails with an
 * {@link AssertionError} that ends with the tail of the application's output, and fails at once when the application
 * exits without printing what was awaited. {@link #close()} stops the JVM (it halts by itself when its standard input
 * closes); a shutdown hook kills any that are left when the test JVM exits.
 */
public final class AppProcess implements AutoCloseable {

    /** The application's main class. */
    public static final String MAIN_CLASS = "io.reattach.it.app.LegacyApp";

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "app-process-reaper"));
    }

    /** A line of standard output and when it arrived. */
    public static final class Line {
        private final String text;
        private final long nanos;

        Line(String text, long nanos) {
            this.text = text;
            this.nanos = nanos;
        }

        public String text() {
            return text;
        }

        /** {@link System#nanoTime()} when the harness read it. */
        public long nanos() {
            return nanos;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private final String name;
    private final Client client;
    private final Path logFile;
    private final List<String> command;
    private final Process process;
    private final OutputStream stdin;
    private final Writer log;
    private final List<Line> out = new ArrayList<>();
    private final List<Line> err = new ArrayList<>();
    private final List<String> all = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;
    private final long startNanos;

    private AppProcess(Builder b) {
        this.name = b.name;
        this.client = b.client;
        this.logFile = b.logFile.toAbsolutePath();
        this.command = b.command();
        try {
            Files.createDirectories(logFile.getParent());
            this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
            log.write("# " + String.join(" ", command) + System.lineSeparator());
            log.flush();
            this.startNanos = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(b.environment);
            this.process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        LIVE.add(process);
        this.stdin = process.getOutputStream();
        this.outReader = reader(process.getInputStream(), "out", true);
        this.errReader = reader(process.getErrorStream(), "err", false);
    }

    /** A builder for the application with {@code client}; see {@link Testbed#app(Client)} for the usual way. */
    public static Builder builder(Client client) {
        return new Builder(client);
    }

    private Thread reader(InputStream in, String stream, boolean machineLines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    long now = System.nanoTime();
                    synchronized (this) {
                        (machineLines ? out : err).add(new Line(line, now));
                        all.add(stream + " " + line);
                        try {
                            log.write(LocalTime.now().format(TIME) + " " + stream + " " + line + System.lineSeparator());
                            log.flush();
                        } catch (IOException ignored) {
                            // The log is a convenience; memory has the line.
                        }
                        notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // The process is gone.
            }
            synchronized (this) {
                notifyAll();
            }
        }, "app-" + name + "-" + stream);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public String name() {
        return name;
    }

    public Client client() {
        return client;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@link System#nanoTime()} just before the JVM was started. */
    public long startNanos() {
        return startNanos;
    }

    /**
     * Waits for a line of standard output that matches {@code regex} entirely (it may have been printed already) and
     * returns its matcher.
     *
     * @throws AssertionError if none came within {@code timeout}, or the application exited without printing one
     */
    public Matcher awaitLine(String regex, Duration timeout) {
        return awaitLineAfter(out, 0, regex, timeout).getValue();
    }

    /**
     * As {@link #awaitLine}, for a line of standard error (the agent's log) that matches {@code regex} entirely and
     * came after the first {@code from} lines of standard error.
     */
    public Matcher awaitErrLine(int from, String regex, Duration timeout) {
        return awaitLineAfter(err, from, regex, timeout).getValue();
    }

    /** Lines of standard error so far: a {@code from} for {@link #awaitErrLine} that skips what is there already. */
    public synchronized int errLineCount() {
        return err.size();
    }

    /** As {@link #awaitLine}, but returns the line with its arrival time. */
    public Line awaitLineAt(String regex, Duration timeout) {
        return awaitLineAfter(out, 0, regex, timeout).getKey();
    }

    private java.util.Map.Entry<Line, Matcher> awaitLineAfter(List<Line> lines, int from, String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = from;
        synchronized (this) {
            while (true) {
                for (; next < lines.size(); next++) {
                    Matcher m = pattern.matcher(lines.get(next).text());
                    if (m.matches()) {
                        return java.util.Map.entry(lines.get(next), m);
                    }
                }
                boolean exited = !process.isAlive() && !outReader.isAlive();
                if (exited) {
                    throw new AssertionError(name + " exited with code " + process.exitValue()
                            + " without printing a line matching /" + regex + "/" + tailForMessage());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + " printed no line matching /" + regex + "/ within "
                            + timeout.toMillis() + " ms" + tailForMessage());
                }
                try {
                    wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /**
     * Waits for the application to exit and for its output to be read.
     *
     * @return the exit code
     * @throws AssertionError if it is still running after {@code timeout} (it is left running; {@link #close()} stops
     *                        it)
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + timeout.toMillis() + " ms"
                        + tailForMessage());
            }
            outReader.join(5000);
            errReader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    /** Writes a line to the application's standard input (commands such as {@code close}). */
    public void send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot write to " + name + ": " + e + tailForMessage(), e);
        }
    }

    /** Every line of standard output so far. */
    public synchronized List<Line> lines() {
        return new ArrayList<>(out);
    }

    /** The lines of standard output so far that start with {@code prefix}, as text. */
    public synchronized List<String> linesStartingWith(String prefix) {
        return out.stream().map(Line::text).filter(t -> t.startsWith(prefix)).collect(Collectors.toList());
    }

    /** The lines of standard error so far (the agent's log among them) that match {@code regex} entirely. */
    public synchronized List<Matcher> errLinesMatching(String regex) {
        Pattern p = Pattern.compile(regex);
        return all.stream().filter(l -> l.startsWith("err ")).map(l -> p.matcher(l.substring(4)))
                .filter(Matcher::matches).collect(Collectors.toList());
    }

    /** Every line of standard error so far (the agent's log among them), with when each arrived. */
    public synchronized List<Line> errLines() {
        return new ArrayList<>(err);
    }

    /** The first line of standard output that starts with {@code prefix}. */
    public synchronized Optional<String> firstLineStartingWith(String prefix) {
        return out.stream().map(Line::text).filter(t -> t.startsWith(prefix)).findFirst();
    }

    /** The {@code DONE} summary line; fails if there is none. */
    public Done done() {
        return Done.parse(firstLineStartingWith("DONE ").orElseThrow(
                () -> new AssertionError(name + " printed no DONE line" + tailForMessage())));
    }

    /** The {@code EVENT} lines (what the application's {@code ExceptionListener}s got), in order. */
    public List<Event> events() {
        return linesStartingWith("EVENT ").stream().map(Event::parse).collect(Collectors.toList());
    }

    /** The last {@code n} lines of standard output and error, interleaved as they came. */
    public synchronized String tail(int n) {
        return all.subList(Math.max(0, all.size() - n), all.size()).stream()
                .collect(Collectors.joining(System.lineSeparator()));
    }

    /** A tail to end assertion messages with. */
    public String tailForMessage() {
        return System.lineSeparator() + "--- last lines of " + name + " (" + logFile + "):" + System.lineSeparator()
                + tail(40);
    }

    /**
     * Stops the application if it still runs: closes its standard input (it halts by itself), then kills it after a
     * second.
     */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already gone.
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            outReader.join(2000);
            errReader.join(2000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(process);
            synchronized (this) {
                try {
                    log.close();
                } catch (IOException ignored) {
                    // Nothing to do.
                }
            }
        }
    }

    @Override
    public String toString() {
        return name + "[" + client + ", pid " + process.pid() + "]";
    }

    /** Settings of an application run. */
    public static final class Builder {
        private final Client client;
        private String name;
        private String mode = "queue";
        private final List<String> appArgs = new ArrayList<>();
        private String url;
        private String agentArgs;
        private boolean agent;
        private Path agentJar;
        private Jdk jdk = Jdk.DEFAULT;
        private Path logFile;
        private final List<String> jvmArgs = new ArrayList<>();
        private final java.util.Map<String, String> environment = new java.util.HashMap<>();
        private java.util.function.Consumer<AppProcess> onStart = p -> { };

        private Builder(Client client) {
            this.client = Objects.requireNonNull(client);
            this.name = "app-" + client.module();
        }

        /** A name for messages and thread names. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The application's {@code --mode}. */
        public Builder mode(String mode) {
            this.mode = mode;
            return this;
        }

        /** The broker URL; {@link Testbed#app} sets it. */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** More application arguments, such as {@code --count=100}. */
        public Builder args(String... args) {
            appArgs.addAll(Arrays.asList(args));
            return this;
        }

        /** Runs with {@code -javaagent:<agent jar>=<agentArgs>} ({@code null} or empty: no arguments). */
        public Builder withAgent(String agentArgs) {
            this.agent = true;
            this.agentArgs = agentArgs;
            return this;
        }

        /** Runs with this agent jar instead of {@code agent/target/reattach-agent.jar} (benchmarks: another build). */
        public Builder agentJar(Path jar) {
            this.agentJar = jar;
            return this;
        }

        /** Runs without the agent (the default). */
        public Builder withoutAgent() {
            this.agent = false;
            this.agentArgs = null;
            return this;
        }

        /** The JDK to run on; default the tests' own. */
        public Builder jdk(Jdk jdk) {
            this.jdk = Objects.requireNonNull(jdk);
            return this;
        }

        /** More JVM options. */
        public Builder jvmArgs(String... args) {
            jvmArgs.addAll(Arrays.asList(args));
            return this;
        }

        /** An environment variable of the application's JVM (a password, which must not be on its command line). */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Where the output goes; {@link Testbed#app} sets one per test. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        List<String> command() {
            Objects.requireNonNull(url, "url");
            List<String> c = new ArrayList<>();
            c.add(jdk.java().toString());
            if (agent) {
                c.add("-javaagent:" + (agentJar != null ? agentJar : Layout.agentJar())
                        + (agentArgs == null || agentArgs.isEmpty() ? "" : "=" + agentArgs));
            }
            c.addAll(Arrays.asList("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Djava.net.preferIPv4Stack=true",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
            c.addAll(jvmArgs);
            c.add("-cp");
            c.add(client.classpath());
            c.add(MAIN_CLASS);
            c.add("--mode=" + mode);
            c.add("--factory=" + client.factoryClass());
            c.add("--url=" + url);
            c.add("--exit-on-stdin-eof");
            c.addAll(appArgs);
            return c;
        }

        /** Starts the JVM; it runs until the application exits or {@link AppProcess#close()}. */
        public AppProcess start() {
            if (logFile == null) {
                logFile = Layout.target().resolve("it-logs").resolve(name + ".log");
            }
            AppProcess p = new AppProcess(this);
            onStart.accept(p);
            return p;
        }

        /** Called with every process this builder starts (the {@link Testbed} registers them for clean-up). */
        Builder onStart(java.util.function.Consumer<AppProcess> onStart) {
            this.onStart = Objects.requireNonNull(onStart);
            return this;
        }
    }
}
