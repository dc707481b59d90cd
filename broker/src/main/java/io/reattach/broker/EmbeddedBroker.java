package io.reattach.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
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
 * <pre>
 * java -cp ... io.reattach.broker.EmbeddedBroker --port=61616 --data-dir=target/broker-data
 *      [--host=127.0.0.1] [--exit-on-stdin-eof]
 * </pre>
 *
 * {@code --exit-on-stdin-eof} makes the broker halt when its standard input is closed, which happens when the process
 * that started it dies, even by {@code kill -9}: no broker outlives its test run.
 */
public final class EmbeddedBroker {

    /** The start of the line printed when the broker accepts connections; the port follows. */
    public static final String READY_PREFIX = "BROKER READY port=";

    /** The name of the one acceptor. */
    public static final String ACCEPTOR_NAME = "reattach";

    private EmbeddedBroker() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        Integer port = null;
        Path dataDir = null;
        boolean exitOnStdinEof = false;
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.startsWith("--data-dir=")) {
                dataDir = Paths.get(arg.substring("--data-dir=".length()));
            } else if (arg.startsWith("--host=")) {
                host = arg.substring("--host=".length());
            } else if (arg.equals("--exit-on-stdin-eof")) {
                exitOnStdinEof = true;
            } else {
                usage(System.err, "unknown argument: " + arg);
                System.exit(64);
            }
        }
        if (port == null || dataDir == null) {
            usage(System.err, "--port and --data-dir are required");
            System.exit(64);
        }
        if (exitOnStdinEof) {
            watchStdin();
        }
        long t0 = System.nanoTime();
        // Not ActiveMQServers.newActiveMQServer(config, false): its boolean disables persistence.
        ActiveMQServer server = new ActiveMQServerImpl(configuration(host, port, dataDir));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "broker-shutdown"));
        server.start();
        if (!server.waitForActivation(60, TimeUnit.SECONDS) || !server.isActive()) {
            System.err.println("BROKER FAILED: not active");
            Runtime.getRuntime().halt(1);
        }
        System.out.println(READY_PREFIX + port + " ms=" + (System.nanoTime() - t0) / 1_000_000);
        System.out.flush();
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

    private static void usage(PrintStream out, String problem) {
        out.println(problem);
        out.println("usage: EmbeddedBroker --port=PORT --data-dir=DIR [--host=127.0.0.1] [--exit-on-stdin-eof]");
    }
}
