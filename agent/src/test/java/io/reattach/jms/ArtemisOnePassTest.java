package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.jms.JMSException;

import org.apache.activemq.artemis.api.config.ServerLocatorConfig;
import org.apache.activemq.artemis.api.core.DiscoveryGroupConfiguration;
import org.apache.activemq.artemis.api.core.Pair;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.api.core.UDPBroadcastEndpointFactory;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.client.impl.ServerLocatorImpl;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * The real Artemis client's locator, without a broker. Its topology is filled the way the client fills it when a
 * broker answers the topology subscription ({@code notifyNodeUp}): here a primary/backup pair, the case where there is
 * nothing to forget and the factory used to wait its {@code retryInterval} inside every failed attempt.
 */
class ArtemisOnePassTest {

    private static final String NETTY = "org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory";

    private static TransportConfiguration connector(int port) {
        Map<String, Object> params = new HashMap<>();
        params.put("host", "127.0.0.1");
        params.put("port", port);
        return new TransportConfiguration(NETTY, params);
    }

    /** A locator that has connected to a primary/backup pair once: its topology names both. */
    private static ServerLocatorImpl locatorOfAPair(int primaryPort, int backupPort) {
        ServerLocatorImpl locator = (ServerLocatorImpl) ActiveMQClient.createServerLocatorWithHA(connector(primaryPort));
        locator.notifyNodeUp(1, "node-1", null, null, new Pair<>(connector(primaryPort), connector(backupPort)), true);
        assertEquals(1, locator.getTopology().getMembers().size(), "the topology as the client keeps it");
        return locator;
    }

    @Test
    void duringTheAgentsCallTheLocatorDoesNotWaitAndAfterItItsOwnConfigurationIsBack() throws Throwable {
        ServerLocatorImpl locator = locatorOfAPair(61616, 61617);
        ServerLocatorConfig own = locator.getLocatorConfig();

        Object seen = ArtemisOnePass.run(new ActiveMQConnectionFactory(locator), () -> locator.getLocatorConfig().retryInterval);

        assertEquals(0L, seen, "no wait between connectors during the agent's attempt");
        assertSame(own, locator.getLocatorConfig(), "the locator's own configuration is back");
        assertEquals(ActiveMQClient.DEFAULT_RETRY_INTERVAL, own.retryInterval, "and unchanged");
        assertEquals(1, locator.getTopology().getMembers().size(), "the topology is kept: it names the backup");
    }

    @Test
    void aClusterTopologyAndADiscoveryGroupDoNotWaitEither() throws Throwable {
        ServerLocatorImpl cluster = (ServerLocatorImpl) ActiveMQClient.createServerLocatorWithoutHA(connector(61616));
        cluster.notifyNodeUp(1, "node-2", null, null, new Pair<>(connector(61618), null), true); // a member the URL does not name
        ServerLocatorImpl discovery = (ServerLocatorImpl) ActiveMQClient.createServerLocatorWithHA(
                new DiscoveryGroupConfiguration().setBroadcastEndpointFactory(new UDPBroadcastEndpointFactory()));

        for (ServerLocatorImpl locator : new ServerLocatorImpl[]{cluster, discovery}) {
            Object seen = ArtemisOnePass.run(new ActiveMQConnectionFactory(locator), () -> locator.getLocatorConfig().retryInterval);
            assertEquals(0L, seen, locator.toString());
            assertEquals(ActiveMQClient.DEFAULT_RETRY_INTERVAL, locator.getLocatorConfig().retryInterval);
        }
        assertEquals(1, cluster.getTopology().getMembers().size(), "the cluster member the client learnt is kept");
    }

    @Test
    void overlappingAttemptsShareTheCopyAndTheLastOneRestores() throws Throwable {
        ServerLocatorImpl locator = locatorOfAPair(61616, 61617);
        ServerLocatorConfig own = locator.getLocatorConfig();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(locator);

        ArtemisOnePass.run(factory, () -> {
            Object inner = ArtemisOnePass.run(factory, () -> locator.getLocatorConfig());
            assertSame(inner, locator.getLocatorConfig(), "the first attempt to end must not restore under the other");
            assertEquals(0L, locator.getLocatorConfig().retryInterval);
            return null;
        });

        assertSame(own, locator.getLocatorConfig());
    }

    @Test
    void aLocatorThatRetriesWithoutEndKeepsItsWaits() throws Throwable {
        ServerLocatorImpl locator = locatorOfAPair(61616, 61617);
        locator.setInitialConnectAttempts(-1); // zero waits would make its own loop spin

        Object seen = ArtemisOnePass.run(new ActiveMQConnectionFactory(locator), () -> locator.getLocatorConfig().retryInterval);

        assertEquals(ActiveMQClient.DEFAULT_RETRY_INTERVAL, seen);
    }

    @Test
    void aLocatorThatReconnectsByItselfKeepsItsWaits() throws Throwable {
        ServerLocatorImpl locator = locatorOfAPair(61616, 61617);
        locator.setReconnectAttempts(2); // the connection made now would copy a zero interval between its own reconnects

        Object seen = ArtemisOnePass.run(new ActiveMQConnectionFactory(locator), () -> locator.getLocatorConfig().retryInterval);

        assertEquals(ActiveMQClient.DEFAULT_RETRY_INTERVAL, seen);
    }

    /** ProviderTuning sets reconnectAttempts=1 for re-attachment: a single attempt never waits, so the pass stays on. */
    @Test
    void aLocatorThatOnlyReattachesOnceStillDoesNotWait() throws Throwable {
        ServerLocatorImpl locator = locatorOfAPair(61616, 61617);
        locator.setReconnectAttempts(1);

        Object seen = ArtemisOnePass.run(new ActiveMQConnectionFactory(locator), () -> locator.getLocatorConfig().retryInterval);

        assertEquals(0L, seen);
        assertEquals(ActiveMQClient.DEFAULT_RETRY_INTERVAL, locator.getLocatorConfig().retryInterval);
    }

    @Test
    void aFailedAttemptOnAPairTriesEveryConnectorWithoutTheFactorysMinuteLongWait() throws IOException {
        int primary = closedPort();
        int backup = closedPort();
        ServerLocatorImpl locator = locatorOfAPair(primary, backup);
        locator.setRetryInterval(60_000);
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(locator);

        // Without the pass, createConnection tries the topology's pair, waits a minute, then tries the URL's connector.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(JMSException.class,
                () -> ArtemisOnePass.run(factory, factory::createConnection)));
        assertEquals(60_000, locator.getLocatorConfig().retryInterval);
    }

    @Test
    void otherFactoriesAreLeftAlone() throws Throwable {
        assertEquals("called", ArtemisOnePass.run(new Object(), () -> "called"));
    }

    /** A loopback port nothing listens on: a connect there is refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
