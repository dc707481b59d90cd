package io.reattach.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActivateCallback;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConnectionPlugin;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An embedded ActiveMQ Artemis broker for tests and the demo, run as a {@code main} in its own JVM (see
 * {@link BrokerProcess}).
 *
 * <p>It has one acceptor, {@code tcp://HOST:PORT?protocols=CORE,AMQP,OPENWIRE;amqpIdleTimeout=10000}, so the Artemis JMS client
 * ({@code tcp://}), ActiveMQ Classic's OpenWire client ({@code tcp://}) and Qpid JMS ({@code amqp://}) all connect to the
 * same port. The journal is persistent and lives in the data directory: a broker killed with {@code kill -9} and started
 * again on the same directory still has every persistent message it acknowledged and every durable subscription.
 * Security is disabled, queues and addresses are created on demand and never deleted automatically, messages are
 * redelivered without limit, and there is no JMX and no web console.
 *
 * <p>When it accepts connections it prints {@value #READY_PREFIX}{@code <port>} on standard output.
 *
 * <p>With {@code --ha=primary|backup --peer-port=P} it is one broker of a replication pair ({@link ReplicationPair}).
 * The primary prints the ready line once it is active; the backup once its replica of the primary's journal is in
 * sync (it does not accept connections then). Each broker prints {@value #ACTIVE_PREFIX}{@code <port>} whenever it
 * becomes the active one, {@value #PASSIVE_PREFIX}{@code <port>} when it stops being it (a backup failing back), and
 * the backup {@value #IN_SYNC_PREFIX}{@code <port>} each time its replica comes in sync (at start, and again after
 * it has failed back): only then can it take over.
 *
 * <p>With {@code --log-connections} it prints {@value #CONNECTION_PREFIX}{@code <epoch millis>} for each connection it
 * accepts, once the client's protocol is known (the first bytes after the TCP connect): when a client's reconnect
 * reached the broker, which the recovery benchmark tells apart from when it got its first send through.
 *
 * <pre>
 * java -cp ... io.reattach.broker.EmbeddedBroker --port=61616 --data-dir=target/broker-data
 *      [--host=127.0.0.1] [--exit-on-stdin-eof] [--log-connections] [--ha=primary|backup --peer-port=61617]
 * </pre>
 *
 * {@code --exit-on-stdin-eof} makes the broker halt when its standard input is closed, which happens when the process
 * that started it dies, even by {@code kill -9}: no broker outlives its test run.
 */
public final class EmbeddedBroker {

    /** The start of the line printed when the broker accepts connections; the port follows. */
    public static final String READY_PREFIX = "BROKER READY port=";

    /** With {@code --log-connections}: the start of the line printed for each connection; the wall-clock time follows. */
    public static final String CONNECTION_PREFIX = "BROKER CONNECTION wall=";

    /** Printed, with the port, each time a broker of a pair becomes the active one. */
    public static final String ACTIVE_PREFIX = "BROKER ACTIVE port=";

    /** Printed, with the port, each time a broker of a pair stops being the active one. */
    public static final String PASSIVE_PREFIX = "BROKER PASSIVE port=";

    /** Printed, with the port, each time a backup's replica of the active broker's journal comes in sync. */
    public static final String IN_SYNC_PREFIX = "BROKER IN SYNC port=";

    /** The name of the one acceptor. */
    public static final String ACCEPTOR_NAME = "reattach";

    private EmbeddedBroker() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        Integer port = null;
        Path dataDir = null;
        boolean exitOnStdinEof = false;
        boolean logConnections = false;
        ReplicationPair.Role ha = null;
        Integer peerPort = null;
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.startsWith("--data-dir=")) {
                dataDir = Paths.get(arg.substring("--data-dir=".length()));
            } else if (arg.startsWith("--host=")) {
                host = arg.substring("--host=".length());
            } else if (arg.equals("--exit-on-stdin-eof")) {
                exitOnStdinEof = true;
            } else if (arg.equals("--log-connections")) {
                logConnections = true;
            } else if (arg.startsWith("--ha=")) {
                ha = ReplicationPair.Role.of(arg.substring("--ha=".length()));
            } else if (arg.startsWith("--peer-port=")) {
                peerPort = Integer.parseInt(arg.substring("--peer-port=".length()));
            } else {
                usage(System.err, "unknown argument: " + arg);
                System.exit(64);
            }
        }
        if (port == null || dataDir == null || (ha == null) != (peerPort == null)) {
            usage(System.err, "--port and --data-dir are required, --ha and --peer-port go together");
            System.exit(64);
        }
        if (exitOnStdinEof) {
            watchStdin();
        }
        long t0 = System.nanoTime();
        // Not ActiveMQServers.newActiveMQServer(config, false): its boolean disables persistence.
        Configuration config = configuration(host, port, dataDir);
        if (ha != null) {
            ReplicationPair.configure(config, ha, host, port, peerPort);
        }
        if (logConnections) {
            config.registerBrokerPlugin(new ActiveMQServerConnectionPlugin() {
                @Override
                public void afterCreateConnection(RemotingConnection connection) {
                    System.out.println(CONNECTION_PREFIX + System.currentTimeMillis());
                }
            });
        }
        ActiveMQServer server = new ActiveMQServerImpl(config);
        if (ha != null) {
            announceActivations(server, port);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "broker-shutdown"));
        CountDownLatch inSync = new CountDownLatch(1);
        if (ha == ReplicationPair.Role.BACKUP) {
            announceReplicaInSync(server, port, inSync);
        }
        server.start();
        boolean ready = ha == ReplicationPair.Role.BACKUP ? inSync.await(60, TimeUnit.SECONDS)
                : server.waitForActivation(60, TimeUnit.SECONDS) && server.isActive();
        if (!ready) {
            System.err.println("BROKER FAILED: " + (ha == ReplicationPair.Role.BACKUP ? "the replica is not in sync" : "not active"));
            Runtime.getRuntime().halt(1);
        }
        System.out.println(READY_PREFIX + port + " ms=" + (System.nanoTime() - t0) / 1_000_000);
        System.out.flush();
    }

    /** The lines a test of a pair waits for: this broker became, or stopped being, the active one. */
    private static void announceActivations(ActiveMQServer server, int port) {
        server.registerActivateCallback(new ActivateCallback() {
            @Override
            public void activationComplete() {
                System.out.println(ACTIVE_PREFIX + port);
                System.out.flush();
            }

            @Override
            public void deActivate() {
                System.out.println(PASSIVE_PREFIX + port);
                System.out.flush();
            }
        });
    }

    /**
     * A backup is ready when its replica of the active broker's journal is in sync: only then can it take over. The
     * broker has no callback for it; a daemon thread looks every 20 ms and prints each time it comes in sync.
     */
    private static void announceReplicaInSync(ActiveMQServer server, int port, CountDownLatch first) {
        Thread t = new Thread(() -> {
            boolean was = false;
            while (true) {
                boolean now = isBackupInSync(server);
                if (now && !was) {
                    System.out.println(IN_SYNC_PREFIX + port);
                    System.out.flush();
                    first.countDown();
                }
                was = now;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "broker-replica-watch");
        t.setDaemon(true);
        t.start();
    }

    /** The broker's configuration: see the class comment. */
    public static Configuration configuration(String host, int port, Path dataDir) throws Exception {
        Path dir = dataDir.toAbsolutePath();
        Files.createDirectories(dir);
        Configuration config = new ConfigurationImpl()
                .setName("reattach-test-broker")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setCriticalAnalyzer(false)
                .setGracefulShutdownEnabled(false)
                .setMaxDiskUsage(-1)
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setJournalDirectory(dir.resolve("journal").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setNodeManagerLockDirectory(dir.toString())
                .setJournalType(JournalType.NIO)
                // Writes still reach the file before a send is confirmed, which is all a process kill needs;
                // skipping fdatasync only matters if the machine itself loses power.
                .setJournalDatasync(false)
                .setJournalFileSize(1024 * 1024)
                .setJournalMinFiles(2)
                .setJournalPoolFiles(4);
        // amqpIdleTimeout: how long the broker keeps an AMQP connection it hears nothing from (default 60 s). Messages
        // it dispatched into a stalled consumer connection come back only then; 10 s matches the clients' StallTimeout,
        // as the README recommends (CORE and OpenWire clients tell the broker their own time-out).
        config.addAcceptorConfiguration(ACCEPTOR_NAME,
                "tcp://" + host + ":" + port + "?protocols=CORE,AMQP,OPENWIRE;amqpIdleTimeout=10000");
        config.addAddressSetting("#", new AddressSettings()
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false)
                .setAutoDeleteCreatedQueues(false)
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(0L)
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue")));
        return config;
    }

    private static void watchStdin() {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // Nothing is expected on stdin; only its end matters.
                }
            } catch (IOException ignored) {
                // Treated as end of input.
            }
            System.err.println("BROKER EXIT: standard input closed (stopped, or the parent process is gone)");
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException ignored) {
                    // Halt now.
                }
                Runtime.getRuntime().halt(2);
            }, "broker-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(0);
        }, "broker-stdin-watch");
        t.setDaemon(true);
        t.start();
    }

    private static boolean isBackupInSync(ActiveMQServer server) {
        try {
            return server.isReplicaSync() && !server.isActive();
        } catch (RuntimeException notStartedYet) {
            return false; // before start() there is no activation to ask
        }
    }

    private static void usage(PrintStream out, String problem) {
        out.println(problem);
        out.println("usage: EmbeddedBroker --port=PORT --data-dir=DIR [--host=127.0.0.1] [--exit-on-stdin-eof]"
                + " [--log-connections] [--ha=primary|backup --peer-port=PORT]");
    }
}
