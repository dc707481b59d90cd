package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.apache.activemq.artemis.api.core.Pair;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.client.impl.ServerLocatorImpl;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * The real Artemis client's locator, without a broker: its topology is filled the way the client fills it when a broker
 * answers the topology subscription ({@code notifyNodeUp}). A non-clustered broker's answer is one member whose
 * connector is the one the client connected with.
 */
class ArtemisTopologyResetTest {

    private static final String NETTY = "org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory";

    private static TransportConfiguration connector(String host, int port) {
        Map<String, Object> params = new HashMap<>();
        params.put("host", host);
        params.put("port", port);
        return new TransportConfiguration(NETTY, params);
    }

    private static ServerLocatorImpl locatorThatHasConnected(boolean ha, TransportConfiguration primary,
                                                             TransportConfiguration backup) {
        TransportConfiguration own = connector("127.0.0.1", 61616);
        ServerLocatorImpl locator = (ServerLocatorImpl) (ha ? ActiveMQClient.createServerLocatorWithHA(own)
                : ActiveMQClient.createServerLocatorWithoutHA(own));
        locator.notifyNodeUp(1, "node-1", null, null, new Pair<>(primary, backup), true);
        assertEquals(1, locator.getTopology().getMembers().size(), "the topology as the client keeps it");
        return locator;
    }

    @Test
    void forgetsATopologyThatNamesOnlyTheFactorysOwnConnector() {
        ServerLocatorImpl locator = locatorThatHasConnected(false, connector("127.0.0.1", 61616), null);
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(locator);

        ArtemisTopologyReset.beforeAttempt(factory);

        assertTrue(locator.getTopology().getMembers().isEmpty(), "the topology is forgotten");
        assertFalse(locator.isReceivedTopology());
        assertEquals(1, locator.getStaticTransportConfigurations().length, "the factory's own connectors stay");
    }

    @Test
    void keepsATopologyThatNamesAnotherBroker() {
        ServerLocatorImpl locator = locatorThatHasConnected(false, connector("10.0.0.2", 61616), null);

        ArtemisTopologyReset.beforeAttempt(new ActiveMQConnectionFactory(locator));

        assertEquals(1, locator.getTopology().getMembers().size(), "a cluster member the client learnt is kept");
    }

    @Test
    void keepsATopologyWithABackup() {
        ServerLocatorImpl locator = locatorThatHasConnected(false, connector("127.0.0.1", 61616), connector("10.0.0.3", 61616));

        ArtemisTopologyReset.beforeAttempt(new ActiveMQConnectionFactory(locator));

        assertEquals(1, locator.getTopology().getMembers().size(), "a live/backup pair is kept");
    }

    @Test
    void keepsTheTopologyOfAnHaLocator() {
        ServerLocatorImpl locator = locatorThatHasConnected(true, connector("127.0.0.1", 61616), null);

        ArtemisTopologyReset.beforeAttempt(new ActiveMQConnectionFactory(locator));

        assertEquals(1, locator.getTopology().getMembers().size(), "HA keeps its topology");
    }
}
