package io.reattach.broker;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A test broker in a process of its own that a test can {@link #kill() kill -9} and {@link #start() start} again on the
 * same data and port: {@link BrokerProcess} (the embedded Artemis broker, for the Artemis, ActiveMQ Classic and Qpid
 * clients) and {@link RabbitMqNode} (a private RabbitMQ node, for the RabbitMQ JMS client).
 */
public interface Broker extends AutoCloseable {

    /** The loopback address every test broker listens on. */
    String HOST = "127.0.0.1";

    /** The port clients connect to, the same for every start. */
    int port();

    /** {@code scheme://127.0.0.1:port}. */
    default String url(String scheme) {
        return scheme + "://" + HOST + ":" + port();
    }

    /** The file the broker's output is appended to, all starts included. */
    Path logFile();

    /** Whether the broker's process is alive (it may not accept connections yet, or any more). */
    boolean isRunning();

    /** Starts the broker and waits until it accepts connections; fails if it is running already. */
    Broker start();

    /** Kills the broker with SIGKILL, as in a crash, and waits until it is gone; nothing if it is not running. */
    void kill();

    /** Stops the broker gracefully, forcibly after {@code grace}; nothing if it is not running. */
    void stop(Duration grace);

    /** Appends a line to {@link #logFile()}, between the broker's own lines (the harness marks each test there). */
    void appendToLog(String line);

    /** The last {@code lines} lines of {@link #logFile()}. */
    String logTail(int lines);

    /** Stops the broker and whatever it needs (nothing is left running). */
    @Override
    void close();
}
