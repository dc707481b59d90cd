package io.reattach.it.jdbc;

import io.reattach.broker.FreePort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server of Debian's packages (installed by agent-it/postgresql/install.sh): {@code initdb} into
 * a temporary folder, {@code pg_ctl start} on a random loopback port with its unix sockets in that folder, never the
 * package's cluster or service. Run as the {@code postgres} user when the tests run as root (the server refuses root).
 * {@link #stopImmediately()} is {@code pg_ctl stop -m immediate}: every server process ends at once, without a
 * checkpoint, as in a crash; {@link #start()} starts it again on the same data and port (it recovers first).
 * {@link #close()} stops it and deletes the folder, also when a test failed; a JVM shutdown hook stops it should the
 * test JVM end first.
 */
final class PostgresServer implements AutoCloseable {
    static final String USER = "app";
    static final String PASSWORD = "app-secret";
    static final String DATABASE = "appdb";

    private final Path dir;
    private final Path data;
    private final Path log;
    private final int port;
    private final Path bin;
    private final boolean asPostgres;
    private final Thread stopAtExit;

    private PostgresServer(Path dir, int port, Path bin, boolean asPostgres) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.log = dir.resolve("server.log");
        this.port = port;
        this.bin = bin;
        this.asPostgres = asPostgres;
        this.stopAtExit = new Thread(this::stopQuietly, "postgres-stop");
    }

    /** A new cluster with a password user {@link #USER} and a database {@link #DATABASE}, started. */
    static PostgresServer create() throws Exception {
        Path bin = findBin();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("reattach-pg-");
        PostgresServer server = new PostgresServer(dir, FreePort.find(), bin, root);
        Runtime.getRuntime().addShutdownHook(server.stopAtExit);
        try {
            if (root) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                server.run(30, "chown", "postgres:postgres", dir.toString());
            }
            Path pw = dir.resolve("pw");
            Files.writeString(pw, "superuser-secret\n");
            if (root) {
                server.run(30, "chown", "postgres:postgres", pw.toString());
            }
            server.run(120, server.tool("initdb"), "-D", server.data.toString(), "-U", "postgres", "--auth=scram-sha-256",
                    "--pwfile=" + pw, "-E", "UTF8", "--no-sync");
            server.start();
            server.psql("CREATE USER " + USER + " PASSWORD '" + PASSWORD + "'");
            server.psql("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            return server;
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    int port() {
        return port;
    }

    /** Starts the server, unless it runs, and waits until it accepts connections. */
    void start() throws Exception {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            return; // running: the postmaster removes its pid file when it ends, also after an immediate stop
        }
        run(60, tool("pg_ctl"), "start", "-w", "-D", data.toString(), "-l", log.toString(), "-o",
                "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + dir + " -c fsync=off");
    }

    /**
     * Starts the stopped server as a standby with {@code hot_standby=off}: it listens, and answers every login with
     * SQLState 57P03 ("the database system is not accepting connections"), the state it is in while it starts up or
     * recovers, held until {@link #promote()} instead of the 100 to 200 ms a real start-up lasts.
     */
    void startNotReady() throws Exception {
        Path signal = data.resolve("standby.signal");
        Files.createFile(signal);
        if (asPostgres) {
            run(30, "chown", "postgres:postgres", signal.toString());
        }
        run(60, tool("pg_ctl"), "start", "-w", "-D", data.toString(), "-l", log.toString(), "-o",
                "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + dir
                        + " -c fsync=off -c hot_standby=off");
    }

    /** Ends the not-ready state of {@link #startNotReady()}: the server accepts logins from now on. */
    void promote() throws Exception {
        run(60, tool("pg_ctl"), "promote", "-w", "-D", data.toString());
    }

    /** {@link #promote()} when the server is in the state of {@link #startNotReady()}: the next test finds it ready. */
    void promoteIfNotReady() throws Exception {
        if (Files.exists(data.resolve("standby.signal")) && Files.exists(data.resolve("postmaster.pid"))) {
            promote();
        }
    }

    /** {@code pg_ctl stop -m immediate}: gone at once, as in a crash. */
    void stopImmediately() throws Exception {
        run(60, tool("pg_ctl"), "stop", "-w", "-m", "immediate", "-D", data.toString());
    }

    /** Rows of a table, as psql prints them (one value per line). */
    List<String> query(String sql) throws Exception {
        String out = run(60, tool("psql"), "-h", dir.toString(), "-p", String.valueOf(port), "-U", "postgres", "-d", DATABASE,
                "-At", "-c", sql);
        List<String> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                rows.add(line.trim());
            }
        }
        return rows;
    }

    private void psql(String sql) throws Exception {
        run(60, tool("psql"), "-h", dir.toString(), "-p", String.valueOf(port), "-U", "postgres", "-d", "postgres", "-c", sql);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    private void stopQuietly() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                run(60, tool("pg_ctl"), "stop", "-w", "-m", "immediate", "-D", data.toString());
            } catch (Exception | AssertionError e) {
                System.err.println("PostgresServer: could not stop the server in " + data + ": " + e);
            }
        }
    }

    private String tool(String name) {
        return bin.resolve(name).toString();
    }

    /** Runs a command (as postgres when root), returns its output; fails with the output when it fails. */
    private String run(long timeoutSeconds, String... command) throws Exception {
        List<String> cmd = new ArrayList<>();
        boolean server = !command[0].equals("chown");
        if (asPostgres && server) {
            cmd.addAll(Arrays.asList("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(Arrays.asList(command));
        // Output to a file, not a pipe: the server that pg_ctl start leaves behind must not hold the test's pipe open.
        Path out = Files.createTempFile(dir, "cmd", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("PGPASSWORD", "superuser-secret");
        pb.directory(dir.toFile()); // not the tests' directory, which postgres may not read
        byte[] bytes;
        try {
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " still runs after " + timeoutSeconds + " s");
            }
            bytes = Files.readAllBytes(out);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n"
                        + new String(bytes, StandardCharsets.UTF_8) + "\n" + logTail());
            }
        } finally {
            Files.deleteIfExists(out);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Path findBin() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(Path::toString))
                        .orElseThrow(() -> new AssertionError("no pg_ctl under " + lib + ": run agent-it/postgresql/install.sh"));
            }
        }
        throw new AssertionError("PostgreSQL is not installed (" + lib + "): run agent-it/postgresql/install.sh");
    }
}
