package io.reattach.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;

import io.reattach.broker.Broker;

/**
 * The JMS clients under test. Each has its own class path (module {@code agent-it/clients/<module>}), which holds the
 * client, its JMS API and the legacy application built for that API (javax or jakarta). The six clients of the
 * ActiveMQ family talk to the embedded Artemis broker; the two RabbitMQ JMS clients to a private RabbitMQ node
 * ({@link #rabbitMq()}, {@link Testbed#broker(Client)}).
 *
 * <p>{@code -Dreattach.it.clients=artemis-javax,qpid2} (module names or enum names) restricts the parameterized tests
 * to some of them.
 */
public enum Client {
    ARTEMIS_JAVAX("artemis-javax", "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory", "tcp", false),
    ARTEMIS_JAKARTA("artemis-jakarta", "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory", "tcp", true),
    CLASSIC5("classic5", "org.apache.activemq.ActiveMQConnectionFactory", "tcp", false),
    CLASSIC6("classic6", "org.apache.activemq.ActiveMQConnectionFactory", "tcp", true),
    QPID1("qpid1", "org.apache.qpid.jms.JmsConnectionFactory", "amqp", false),
    QPID2("qpid2", "org.apache.qpid.jms.JmsConnectionFactory", "amqp", true),
    RABBITMQ_JAVAX("rabbitmq-javax", "com.rabbitmq.jms.admin.RMQConnectionFactory", "amqp", false),
    RABBITMQ_JAKARTA("rabbitmq-jakarta", "com.rabbitmq.jms.admin.RMQConnectionFactory", "amqp", true);

    /** The system property that selects clients. */
    public static final String SELECT_PROPERTY = "reattach.it.clients";

    private final String module;
    private final String factoryClass;
    private final String scheme;
    private final boolean jakarta;

    Client(String module, String factoryClass, String scheme, boolean jakarta) {
        this.module = module;
        this.factoryClass = factoryClass;
        this.scheme = scheme;
        this.jakarta = jakarta;
    }

    /** The module directory under {@code agent-it/clients}. */
    public String module() {
        return module;
    }

    /**
     * The provider's {@code ConnectionFactory}: it has a {@code (String url)} constructor, or (RabbitMQ) a no-argument
     * one and {@code setUri(String)}.
     */
    public String factoryClass() {
        return factoryClass;
    }

    /** {@code tcp} (Artemis core, OpenWire) or {@code amqp} (Qpid: AMQP 1.0; RabbitMQ: AMQP 0-9-1). */
    public String scheme() {
        return scheme;
    }

    /** The URL of the broker for this client: no failover, no reconnect option. */
    public String url(Broker broker) {
        return broker.url(scheme);
    }

    /** A RabbitMQ JMS client, served by the private RabbitMQ node rather than by the embedded Artemis broker. */
    public boolean rabbitMq() {
        return this == RABBITMQ_JAVAX || this == RABBITMQ_JAKARTA;
    }

    /**
     * A URL with the provider's own fail-over transport, which the legacy application does not use but a control run
     * can: ActiveMQ Classic's {@code failover:} and Qpid's {@code failover:}, both retrying every 100 ms; empty for
     * Artemis, whose reconnect ({@code reconnectAttempts=-1}) unblocks a send in flight with an exception instead of
     * completing it, so it does not survive a kill by itself.
     */
    public java.util.Optional<String> providerFailoverUrl(Broker broker) {
        switch (this) {
            case CLASSIC5:
            case CLASSIC6:
                return java.util.Optional.of("failover:(" + url(broker) + ")?initialReconnectDelay=100"
                        + "&maxReconnectDelay=100&useExponentialBackOff=false&timeout=30000");
            case QPID1:
            case QPID2:
                return java.util.Optional.of("failover:(" + url(broker) + ")?failover.initialReconnectDelay=100"
                        + "&failover.reconnectDelay=100&failover.useReconnectBackOff=false");
            default:
                return java.util.Optional.empty();
        }
    }

    /** {@code jakarta.jms} rather than {@code javax.jms}. */
    public boolean jakarta() {
        return jakarta;
    }

    /** {@code javax.jms} or {@code jakarta.jms}. */
    public String jmsPackage() {
        return jakarta ? "jakarta.jms" : "javax.jms";
    }

    /** The file that the client module's build wrote. */
    public Path classpathFile() {
        return Layout.root().resolve("agent-it").resolve("clients").resolve(module).resolve("target")
                .resolve("client.classpath");
    }

    /** The class path of the application with this client; fails clearly if the client module was not built. */
    public String classpath() {
        Path file = classpathFile();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no class path for client " + this + ": " + file + " is missing."
                    + " Build the client modules first: mvn -B verify (or mvn -B package -pl agent-it/clients/"
                    + module + " -am)");
        }
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The clients the tests run with: all, or those {@code -Dreattach.it.clients} names. */
    public static Stream<Client> selected() {
        String spec = System.getProperty(SELECT_PROPERTY, "").trim();
        if (spec.isEmpty()) {
            return Arrays.stream(values());
        }
        String[] names = spec.toLowerCase(Locale.ROOT).split("[,\\s]+");
        return Arrays.stream(values()).filter(c -> Arrays.stream(names).anyMatch(
                n -> n.equals(c.module) || n.equals(c.name().toLowerCase(Locale.ROOT))));
    }

    /**
     * The selected clients of the ActiveMQ family, which the embedded Artemis broker ({@link Testbed#broker()}) serves:
     * the scenarios that do not run with RabbitMQ.
     */
    public static Stream<Client> ofEmbeddedBroker() {
        return selected().filter(c -> !c.rabbitMq());
    }

    /** The selected RabbitMQ clients, for the scenarios of a RabbitMQ node alone (it can be wiped between runs). */
    public static Stream<Client> ofRabbitMq() {
        return selected().filter(Client::rabbitMq);
    }

    /**
     * For scenarios that test the agent's own machinery (attach, status, live tuning) and run with one client of the
     * embedded broker: {@code preferred} when it is selected, else the first selected one.
     */
    public static Client one(Client preferred) {
        return ofEmbeddedBroker().anyMatch(c -> c == preferred) ? preferred
                : ofEmbeddedBroker().findFirst().orElseThrow(() -> new IllegalStateException(
                        "no client of the embedded broker selected by -D" + SELECT_PROPERTY));
    }

    @Override
    public String toString() {
        return module;
    }
}
