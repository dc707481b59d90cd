package io.reattach.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A private RabbitMQ node from Debian's {@code rabbitmq-server} package (agent-it/rabbitmq/install.sh installs it), for
 * the RabbitMQ JMS client's scenarios: start it, {@link #kill() kill -9} it, start it again on the same data and port.
 *
 * <p>Private means it shares nothing with the package's own service or any other node on the machine: a node name of its
 * own ({@code reattach-<random>@localhost}); free ports on 127.0.0.1 for AMQP, for Erlang distribution and for its own
 * {@code epmd} (which it starts, on loopback, and stops at {@link #close()}); its configuration, database
 * ({@code RABBITMQ_MNESIA_BASE}), logs, plugin expansion and Erlang cookie ({@code HOME}) in its own directory; an
 * environment of its own (nothing inherited but {@code PATH}), so that no {@code RABBITMQ_*} or {@code ERL_*} variable
 * of the caller and no {@code /etc/rabbitmq/rabbitmq-env.conf} setting applies.
 *
 * <p>Nothing is left running: {@link #close()} stops the node and its epmd; a JVM shutdown hook kills them when the
 * current JVM exits; and each runs under a small shell guard that kills it when its standard input closes, which
 * happens when the JVM that started it dies in any way (as {@link BrokerProcess}'s broker halts by itself).
 */
public final class RabbitMqNode implements Broker {

    /** Where Debian's package puts the server script. */
    public static final Path SERVER = Paths.get("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final Path CTL = Paths.get("/usr/lib/rabbitmq/bin/rabbitmqctl");
    /** The RabbitMQ JMS client's companion plugin (topic selectors); shipped with the server. */
    private static final String PLUGINS = "[rabbitmq_jms_topic_exchange].";
    /** The node's log line once its listeners accept clients. */
    private static final String READY = "Server startup complete";
    /**
     * Runs {@code "$0" "$@"} and ends with it; kills it (SIGKILL) when the guard's standard input closes. The command
     * reads /dev/null (a background command of a non-interactive shell does), the watcher the guard's input (fd 3).
     */
    private static final String GUARD = "exec 3<&0; \"$0\" \"$@\" 3<&- & child=$!; "
            + "(cat <&3 >/dev/null; kill -9 $child 2>/dev/null) & wait $child";

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(RabbitMqNode::killTree), "rabbitmq-node-reaper"));
    }

    private final String nodeName;
    private final int port;
    private final int distributionPort;
    private final int epmdPort;
    private final Path dir;
    private final Path logFile;
    private final Duration startTimeout;

    private Process epmd;
    private Process server;
    private int starts;

    private RabbitMqNode(Builder b) {
        this.nodeName = "reattach-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
        this.port = FreePort.find();
        this.distributionPort = FreePort.find();
        this.epmdPort = FreePort.find();
        this.dir = (b.dir != null ? b.dir : Paths.get("target", "reattach-rabbitmq", "node-" + port)).toAbsolutePath();
        this.logFile = (b.logFile != null ? b.logFile : dir.resolve("node.log")).toAbsolutePath();
        this.startTimeout = b.startTimeout;
    }

    /** A builder with the defaults: {@code target/reattach-rabbitmq/node-<port>}, its log {@code node.log} in it. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether Debian's rabbitmq-server is installed here. */
    public static boolean installed() {
        return Files.isExecutable(SERVER);
    }

    /** The AMQP port. */
    @Override
    public int port() {
        return port;
    }

    /** The node's name, {@code reattach-<random>@localhost}, the same for every start (its database is per name). */
    public String nodeName() {
        return nodeName;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    /** The node's processes alive now: its epmd and Erlang VM with their helpers and guards. */
    public synchronized List<ProcessHandle> processes() {
        List<ProcessHandle> all = new java.util.ArrayList<>();
        for (Process guard : new Process[]{epmd, server}) {
            if (guard != null) {
                all.add(guard.toHandle());
                guard.descendants().forEach(all::add);
            }
        }
        all.removeIf(p -> !p.isAlive());
        return all;
    }

    /** The port of the node's own epmd. */
    public int epmdPort() {
        return epmdPort;
    }

    /** How many times {@link #start()} has started the node. */
    public synchronized int starts() {
        return starts;
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null && server.isAlive();
    }

    /**
     * Starts the node (and its epmd, at the first start) and waits until it accepts AMQP connections.
     *
     * @throws IllegalStateException if RabbitMQ is not installed, the node is running already, or it did not become
     *                               ready within the start timeout (the message has the end of its log)
     */
    @Override
    public synchronized RabbitMqNode start() {
        if (!installed()) {
            throw new IllegalStateException(SERVER + " is missing: install Debian's rabbitmq-server (as root: "
                    + "agent-it/rabbitmq/install.sh, which the agent-it build runs)");
        }
        if (isRunning()) {
            throw new IllegalStateException("RabbitMQ node " + nodeName + " is already running");
        }
        starts++;
        try {
            writeConfiguration();
            if (epmd == null || !epmd.isAlive()) {
                epmd = guarded(List.of("epmd", "-port", String.valueOf(epmdPort), "-address", HOST), dir.resolve("epmd.log"));
                awaitPort(epmdPort, epmd, "epmd");
            }
            appendToLog("=== start #" + starts + " at " + LocalTime.now() + ": node " + nodeName + ", AMQP " + HOST + ":" + port
                    + ", distribution " + distributionPort + ", epmd " + epmdPort + ", data " + dir);
            long offset = Files.size(logFile);
            server = guarded(List.of(SERVER.toString()), logFile);
            awaitReady(offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start RabbitMQ node " + nodeName, e);
        }
        return this;
    }

    private void writeConfiguration() throws IOException {
        Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(logFile.getParent());
        Files.write(dir.resolve("rabbitmq.conf"), String.join("\n",
                "listeners.tcp.1 = " + HOST + ":" + port,
                "log.console = true",
                "log.console.level = info",
                "log.console.use_colors = off",
                "log.file = false",
                "disk_free_limit.absolute = 10MB",
                "").getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("enabled_plugins"), PLUGINS.getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("rabbitmq-env.conf"), new byte[0]); // instead of /etc/rabbitmq/rabbitmq-env.conf
    }

    /** The node's own environment, for the server and for {@code rabbitmqctl}: nothing of the caller's but {@code PATH}. */
    private void nodeEnvironment(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", dir.resolve("home").toString()); // the Erlang cookie
        env.put("LANG", "C.UTF-8");
        env.put("ERL_EPMD_PORT", String.valueOf(epmdPort));
        env.put("RABBITMQ_NODENAME", nodeName);
        env.put("RABBITMQ_NODE_IP_ADDRESS", HOST);
        env.put("RABBITMQ_NODE_PORT", String.valueOf(port));
        env.put("RABBITMQ_DIST_PORT", String.valueOf(distributionPort));
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_PLUGINS_EXPAND_DIR", dir.resolve("plugins-expand").toString());
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    }

    /** Starts {@code command} under {@link #GUARD} with the node's environment, its output appended to {@code log}. */
    private Process guarded(List<String> command, Path log) throws IOException {
        List<String> full = new java.util.ArrayList<>(List.of("sh", "-c", GUARD));
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        nodeEnvironment(env);
        // The script replaces itself with the Erlang VM (no signal-forwarding shell in between), so that the guard's
        // child is the VM itself; -noinput because nothing is typed into it. The node uses the epmd started above, and
        // distribution listens on loopback only.
        env.put("RABBITMQ_ALLOW_INPUT", "true");
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-noinput -start_epmd false -kernel inet_dist_use_interface {127,0,0,1}");
        Process p = pb.start();
        LIVE.add(p);
        return p;
    }

    private void awaitReady(long offset) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            if (LogFile.readFrom(logFile, offset).contains(READY)) {
                return;
            }
            if (!isRunning()) {
                killTree(server);
                forget(server);
                throw new IllegalStateException("RabbitMQ node " + nodeName + " exited before it was ready; end of "
                        + logFile + ":\n" + logTail(40));
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("RabbitMQ node " + nodeName + " was not ready within "
                        + startTimeout.toMillis() + " ms (killed it); end of " + logFile + ":\n" + logTail(40));
            }
            sleep(25);
        }
    }

    private static void awaitPort(int port, Process owner, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && owner.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException e) {
                sleep(20);
            }
        }
        throw new IllegalStateException(what + " did not listen on " + HOST + ":" + port);
    }

    /** Kills the node's VM and its helper processes with SIGKILL, as in a crash; its epmd stays for the next start. */
    @Override
    public synchronized void kill() {
        if (server == null) {
            return;
        }
        killTree(server);
        forget(server);
        server = null;
        appendToLog("=== killed (SIGKILL) at " + LocalTime.now());
    }

    /**
     * Removes the binding of {@code queue} to {@code exchange} (its routing key the queue's name, as the RabbitMQ JMS
     * client binds a queue destination), and leaves the queue and the exchange: the node as one killed soon after a
     * declaration comes back now and then, where a message published to the exchange for that queue is confirmed and
     * dropped as unroutable. The node must be running. Through {@code rabbitmqctl eval} (the node's internal
     * {@code rabbit_binding:remove}, RabbitMQ 3.10), so that the tests need no AMQP client of their own.
     *
     * @throws IllegalStateException if the binding is still there afterwards, or {@code rabbitmqctl} failed
     */
    public void unbind(String exchange, String queue) {
        String binding = "{binding, rabbit_misc:r(<<\"/\">>, exchange, <<\"" + exchange + "\">>), <<\"" + queue
                + "\">>, rabbit_misc:r(<<\"/\">>, queue, <<\"" + queue + "\">>), []}";
        String expression = "B = " + binding + ", ok = rabbit_binding:remove(B, <<\"reattach-it\">>), "
                + "rabbit_binding:exists(B).";
        String out = rabbitmqctl("eval", expression);
        if (!out.trim().equals("false")) {
            throw new IllegalStateException("the binding of " + queue + " to " + exchange + " is still there: " + out);
        }
        appendToLog("=== binding of " + queue + " to " + exchange + " removed at " + LocalTime.now());
    }

    /** Runs the package's {@code rabbitmqctl} against this node; returns its output. */
    private String rabbitmqctl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(CTL.toString(), "-n", nodeName, "-q"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        nodeEnvironment(pb.environment());
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run rabbitmqctl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Deletes the database of the node, which must not be running: its next start is a fresh node with no queue,
     * exchange, binding or message of the earlier run, as a node that lost its definitions in a crash, or another node
     * that never saw them.
     */
    public synchronized void wipe() {
        if (isRunning()) {
            throw new IllegalStateException("RabbitMQ node " + nodeName + " is running: kill or stop it before the wipe");
        }
        Path mnesia = dir.resolve("mnesia");
        try (java.util.stream.Stream<Path> all = Files.walk(mnesia)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.nio.file.NoSuchFileException e) {
            return; // never started
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + mnesia, e);
        }
        if (Files.exists(mnesia)) {
            throw new IllegalStateException("RabbitMQ node " + nodeName + ": " + mnesia + " is still there after the wipe");
        }
        appendToLog("=== database wiped at " + LocalTime.now());
    }

    /** SIGTERM to the VM (RabbitMQ stops gracefully), SIGKILL after {@code grace}. */
    @Override
    public synchronized void stop(Duration grace) {
        if (server == null) {
            return;
        }
        server.children().forEach(ProcessHandle::destroy); // the VM (and the guard's watcher)
        long deadline = System.nanoTime() + grace.toNanos();
        while (isRunning() && System.nanoTime() < deadline) {
            sleep(50);
        }
        killTree(server);
        forget(server);
        server = null;
        appendToLog("=== stopped at " + LocalTime.now());
    }

    /** Stops the node (5 s grace) and its epmd. */
    @Override
    public synchronized void close() {
        stop(Duration.ofSeconds(5));
        if (epmd != null) {
            killTree(epmd);
            forget(epmd);
            epmd = null;
        }
    }

    /** SIGKILL to every process under the guard (the VM first), then the guard; waits until they are gone. */
    private static void killTree(Process guard) {
        List<ProcessHandle> tree = guard.descendants().collect(Collectors.toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        guard.destroyForcibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle p : tree) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                sleep(10);
            }
        }
        try {
            guard.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void forget(Process p) {
        LIVE.remove(p);
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // gone already
        }
    }

    @Override
    public void appendToLog(String line) {
        LogFile.append(logFile, line);
    }

    @Override
    public String logTail(int lines) {
        return LogFile.tail(logFile, lines);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "RabbitMqNode[" + nodeName + ", port=" + port + ", dir=" + dir + ", running=" + isRunning() + "]";
    }

    /** Settings of a {@link RabbitMqNode}; every one has a default. */
    public static final class Builder {
        private Path dir;
        private Path logFile;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The node's own directory: configuration, database, logs, cookie. */
        public Builder dir(Path dir) {
            this.dir = Objects.requireNonNull(dir);
            return this;
        }

        /** Where the node's output is appended; default {@code node.log} in its directory. */
        public Builder logFile(Path logFile) {
            this.logFile = Objects.requireNonNull(logFile);
            return this;
        }

        /** How long {@link RabbitMqNode#start()} waits for the node; default 60 s. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout);
            return this;
        }

        /** The node, not started yet. */
        public RabbitMqNode build() {
            return new RabbitMqNode(this);
        }
    }
}
