package io.reattach.broker;

import java.util.Collections;

import org.apache.activemq.artemis.core.config.ClusterConnectionConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.ha.ReplicaPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.ReplicatedPolicyConfiguration;
import org.apache.activemq.artemis.core.server.cluster.impl.MessageLoadBalancingType;

/**
 * The project's ActiveMQ Artemis primary/backup pair with replication and fail-back: what {@link EmbeddedBroker} adds
 * to its configuration with {@code --ha=primary|backup --peer-port=P}. Each broker JVM has its own journal; the backup
 * keeps a replica of the primary's over a cluster connection and becomes active when the primary dies. A primary
 * started again finds the backup active, copies the journal back from it and takes over (the backup's
 * {@code allow-failback}); the backup then goes back to being a backup. The same as this {@code broker.xml} excerpt,
 * which the README shows:
 *
 * <pre>{@code
 * <ha-policy><replication><primary><check-for-active-server>true</check-for-active-server></primary></replication></ha-policy>
 * <ha-policy><replication><backup><allow-failback>true</allow-failback></backup></replication></ha-policy>
 * <connectors> self: this broker's acceptor; peer: the other broker's </connectors>
 * <cluster-connection name="pair"> connector-ref self, static-connectors peer, message-load-balancing OFF </cluster-connection>
 * }</pre>
 */
public final class ReplicationPair {

    /** Which broker of the pair. */
    public enum Role {
        PRIMARY, BACKUP;

        /** {@code --ha=} value. */
        public String argument() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Role of(String argument) {
            return valueOf(argument.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** The cluster connection's name: one pair, one cluster. */
    static final String CLUSTER = "pair";

    private ReplicationPair() {
    }

    /** Adds the pair's HA policy, connectors and cluster connection to a broker's configuration. */
    static void configure(Configuration config, Role role, String host, int port, int peerPort) throws Exception {
        config.addConnectorConfiguration("self", "tcp://" + host + ":" + port);
        config.addConnectorConfiguration("peer", "tcp://" + host + ":" + peerPort);
        // The default cluster password is a placeholder the broker warns about; the pair only needs both to agree.
        config.setClusterUser("reattach-pair").setClusterPassword("reattach-pair");
        config.addClusterConfiguration(new ClusterConnectionConfiguration()
                .setName(CLUSTER)
                .setConnectorName("self")
                .setStaticConnectors(Collections.singletonList("peer"))
                .setMessageLoadBalancingType(MessageLoadBalancingType.OFF)
                // How soon the backup (or a returning primary) finds its peer: short, the peer is on loopback.
                .setRetryInterval(100)
                .setReconnectAttempts(-1));
        if (role == Role.PRIMARY) {
            // Started again after a failure, the primary looks for a server that is active in its place and fails back.
            config.setHAPolicyConfiguration(new ReplicatedPolicyConfiguration().setCheckForActiveServer(true).setClusterName(CLUSTER));
        } else {
            config.setHAPolicyConfiguration(new ReplicaPolicyConfiguration().setAllowFailBack(true).setClusterName(CLUSTER));
        }
    }
}
