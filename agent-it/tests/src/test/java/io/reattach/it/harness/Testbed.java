package io.reattach.it.harness;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import io.reattach.broker.Broker;
import io.reattach.broker.BrokerProcess;
import io.reattach.broker.RabbitMqNode;

/**
 * What one test uses: the test class's brokers (shared by its tests, started on demand: the embedded Artemis broker,
 * and the private RabbitMQ node for the RabbitMQ clients) and the applications the test starts, each logging to {@code agent-it/tests/target/it/<TestClass>/<test>/}. The {@link TestbedExtension} creates
 * it, stops every application after the test and prints the tails of their logs and of the broker's log when the test
 * fails.
 */
public final class Testbed implements AutoCloseable {
    private final BrokerHolder brokerHolder;
    private final Path dir;
    private final String testName;
    private final List<AppProcess> apps = new ArrayList<>();
    private final List<FaultProxy> proxies = new ArrayList<>();
    private long brokerLogOffset = -1;
    private long rabbitMqLogOffset = -1;
    private int appCount;

    Testbed(BrokerHolder brokerHolder, Path dir, String testName) {
        this.brokerHolder = brokerHolder;
        this.dir = dir;
        this.testName = testName;
    }

    /** The directory of this test's logs. */
    public Path dir() {
        return dir;
    }

    /**
     * The embedded Artemis broker (for the ActiveMQ family of clients), running: the test class's shared broker, started
     * if it is not running (a previous test may have killed it). The test may {@link BrokerProcess#kill() kill} and {@link BrokerProcess#start() start} it.
     */
    public BrokerProcess broker() {
        BrokerProcess broker = brokerHolder.get();
        if (brokerLogOffset < 0) {
            brokerLogOffset = mark(broker, "test " + testName);
        }
        if (!broker.isRunning()) {
            broker.start();
        }
        return broker;
    }

    /**
     * The broker that serves {@code client}, running: {@link #broker()} for the ActiveMQ family, the test class's
     * private RabbitMQ node for the RabbitMQ clients.
     */
    public Broker broker(Client client) {
        if (!client.rabbitMq()) {
            return broker();
        }
        RabbitMqNode node = brokerHolder.rabbitMq();
        if (rabbitMqLogOffset < 0) {
            rabbitMqLogOffset = mark(node, "test " + testName);
        }
        if (!node.isRunning()) {
            node.start();
        }
        return node;
    }

    /**
     * A builder for the application with {@code client}, connecting to {@link #broker(Client)} with the client's URL, logging
     * into this test's directory, stopped after the test.
     */
    public AppProcess.Builder app(Client client) {
        return app(client, client.url(broker(client)));
    }

    /**
     * As {@link #app(Client)}, connecting to {@code url} instead: the class's broker is not started (a test of brokers
     * of its own, such as a replication pair).
     */
    public AppProcess.Builder app(Client client, String url) {
        int n = ++appCount;
        return AppProcess.builder(client)
                .name("app" + n + "-" + client.module())
                .url(url)
                .logFile(dir.resolve("app" + n + "-" + client.module() + ".log"))
                .onStart(apps::add);
    }

    /** A {@link FaultProxy} to the broker, closed after the test. */
    public FaultProxy proxy() {
        return proxy(broker());
    }

    /** A {@link FaultProxy} to the broker of {@code client}, closed after the test. */
    public FaultProxy proxy(Client client) {
        return proxy(broker(client));
    }

    private FaultProxy proxy(Broker broker) {
        FaultProxy proxy = new FaultProxy(broker.port());
        proxies.add(proxy);
        return proxy;
    }

    /** The URL of {@code client} through {@code proxy}. */
    public static String url(Client client, FaultProxy proxy) {
        return client.scheme() + "://" + Broker.HOST + ":" + proxy.port();
    }

    /** A queue or topic name no other test uses on the shared broker. */
    public String destination(String base) {
        return "it." + testName.replaceAll("[^A-Za-z0-9]+", ".") + "." + base;
    }

    /** The tails of every application's output and of the broker's log since this test began. */
    public String report() {
        StringBuilder b = new StringBuilder();
        String nl = System.lineSeparator();
        for (AppProcess app : apps) {
            b.append(nl).append("=== ").append(app.name()).append(" (").append(app.logFile()).append("), last lines:")
                    .append(nl).append(app.tail(40)).append(nl);
        }
        BrokerProcess broker = brokerHolder.peek();
        if (broker != null && brokerLogOffset >= 0) {
            b.append(nl).append("=== broker (").append(broker.logFile()).append("), last lines of this test:")
                    .append(nl).append(brokerLogTail(broker, brokerLogOffset, 30)).append(nl);
        }
        RabbitMqNode node = brokerHolder.peekRabbitMq();
        if (node != null && rabbitMqLogOffset >= 0) {
            b.append(nl).append("=== RabbitMQ node (").append(node.logFile()).append("), last lines of this test:")
                    .append(nl).append(brokerLogTail(node, rabbitMqLogOffset, 30)).append(nl);
        }
        return b.toString();
    }

    private static String brokerLogTail(Broker broker, long offset, int lines) {
        try (RandomAccessFile f = new RandomAccessFile(broker.logFile().toFile(), "r")) {
            long length = f.length();
            long from = Math.max(offset, length - 256 * 1024);
            byte[] bytes = new byte[(int) Math.max(0, length - from)];
            f.seek(from);
            f.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\\R");
            List<String> kept = new ArrayList<>();
            for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
                kept.add(all[i]);
            }
            return String.join(System.lineSeparator(), kept);
        } catch (IOException e) {
            return "(cannot read " + broker.logFile() + ": " + e + ")";
        }
    }

    private static long mark(Broker broker, String text) {
        long offset;
        try {
            offset = Files.exists(broker.logFile()) ? Files.size(broker.logFile()) : 0;
        } catch (IOException e) {
            offset = 0;
        }
        broker.appendToLog("=== " + LocalTime.now() + " " + text);
        return offset;
    }

    /** Stops every application this test started. The broker stays for the class's next test. */
    @Override
    public void close() {
        for (AppProcess app : apps) {
            app.close();
        }
        for (FaultProxy proxy : proxies) {
            proxy.close();
        }
    }

    /** The test class's brokers: each created on first use, killed (the RabbitMQ node stopped) when the class is done. */
    static final class BrokerHolder implements AutoCloseable {
        private final Path dir;
        private BrokerProcess broker;
        private RabbitMqNode rabbitMq;

        BrokerHolder(Path dir) {
            this.dir = dir;
        }

        synchronized BrokerProcess get() {
            if (broker == null) {
                broker = BrokerProcess.builder()
                        .dataDir(dir.resolve("broker-data"))
                        .logFile(dir.resolve("broker.log"))
                        .logConnections(true) // when a client (re)connected: for a reader of the log, and RecoveryBenchmark
                        .build();
            }
            return broker;
        }

        synchronized BrokerProcess peek() {
            return broker;
        }

        synchronized RabbitMqNode rabbitMq() {
            if (rabbitMq == null) {
                rabbitMq = RabbitMqNode.builder()
                        .dir(dir.resolve("rabbitmq"))
                        .logFile(dir.resolve("rabbitmq.log"))
                        .build();
            }
            return rabbitMq;
        }

        synchronized RabbitMqNode peekRabbitMq() {
            return rabbitMq;
        }

        @Override
        public synchronized void close() {
            try {
                if (broker != null) {
                    broker.kill();
                }
            } finally {
                if (rabbitMq != null) {
                    rabbitMq.close(); // the node and its epmd
                }
            }
        }
    }
}
