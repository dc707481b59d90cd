package io.reattach.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;

import io.reattach.broker.BrokerProcess;

/**
 * The six JMS clients under test. Each has its own class path (module {@code agent-it/clients/<module>}), which holds
 * the client, its JMS API and the legacy application built for that API (javax or jakarta).
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
    QPID2("qpid2", "org.apache.qpid.jms.JmsConnectionFactory", "amqp", true);

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

    /** The provider's {@code ConnectionFactory}, which has a {@code (String url)} constructor. */
    public String factoryClass() {
        return factoryClass;
    }

    /** {@code tcp} (Artemis core, OpenWire) or {@code amqp} (Qpid). */
    public String scheme() {
        return scheme;
    }

    /** The URL of the broker for this client: no failover, no reconnect option. */
    public String url(BrokerProcess broker) {
        return broker.url(scheme);
    }

    /**
     * A URL with the provider's own fail-over transport, which the legacy application does not use but a control run
     * can: ActiveMQ Classic's {@code failover:} and Qpid's {@code failover:}, both retrying every 100 ms; empty for
     * Artemis, whose reconnect ({@code reconnectAttempts=-1}) unblocks a send in flight with an exception instead of
     * completing it, so it does not survive a kill by itself.
     */
    public java.util.Optional<String> providerFailoverUrl(BrokerProcess broker) {
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
     * For scenarios that test the agent's own machinery (attach, status, live tuning) and run with one client:
     * {@code preferred} when it is selected, else the first selected client.
     */
    public static Client one(Client preferred) {
        return selected().anyMatch(c -> c == preferred) ? preferred
                : selected().findFirst().orElseThrow(() -> new IllegalStateException("no client selected by -D" + SELECT_PROPERTY));
    }

    @Override
    public String toString() {
        return module;
    }
}
