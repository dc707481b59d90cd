package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Collections;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.reattach.config.Environment;
import io.reattach.config.Settings;
import io.reattach.config.SettingsLoader;

/**
 * What {@code StallTimeout} and {@code ConfirmationWindowSize} set on a factory before its first connection: the real
 * Artemis factory, and stand-ins for ActiveMQ Classic's and Qpid's (their URL property is all the agent touches).
 */
class ProviderTuningTest {

    @TempDir
    Path tmp;

    private Settings settings(String args) throws Exception {
        return SettingsLoader.load(args, Environment.of(Collections.<String, String>emptyMap(),
                Collections.<String, String>emptyMap(), tmp, tmp));
    }

    @Test
    void artemisCachesAQuarterOfTheWindowAtLeast64KiB() {
        assertEquals(1048576, ProviderTuning.artemisWindow(4194304));
        assertEquals(65536, ProviderTuning.artemisWindow(1000), "a confirmation per few messages would cost every send");
        assertEquals(Integer.MAX_VALUE, ProviderTuning.artemisWindow(Long.MAX_VALUE));
    }

    @Test
    void artemisGetsAHeartbeatWithinTheStallTimeoutAndItsOwnReattachment() throws Exception {
        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory("tcp://127.0.0.1:61616");
        ProviderTuning.beforeFirstUse(f, settings(null));
        assertEquals(250, f.getClientFailureCheckPeriod());
        assertEquals(4500, f.getConnectionTTL());
        assertEquals(262144, f.getConfirmationWindowSize(), "a quarter of Reattach's window: Artemis caches that much again");
        assertEquals(1, f.getReconnectAttempts(), "one attempt to re-attach, then the agent's rebuild");
    }

    @Test
    void artemisValuesTheApplicationChoseWin() throws Exception {
        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(
                "tcp://127.0.0.1:61616?clientFailureCheckPeriod=2000&reconnectAttempts=5&confirmationWindowSize=4096");
        ProviderTuning.beforeFirstUse(f, settings("StallTimeout=20000,ConfirmationWindowSize=1000"));
        assertEquals(2000, f.getClientFailureCheckPeriod());
        assertEquals(9_000, f.getConnectionTTL(), "not chosen by the application: 0.45 StallTimeout");
        assertEquals(4096, f.getConfirmationWindowSize());
        assertEquals(5, f.getReconnectAttempts());
    }

    @Test
    void artemisWithoutTheWindowOrTheTimeoutKeepsItsDefaults() throws Exception {
        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory("tcp://127.0.0.1:61616");
        ProviderTuning.beforeFirstUse(f, settings("StallTimeout=0,ConfirmationWindowSize=-1"));
        assertEquals(30_000, f.getClientFailureCheckPeriod());
        assertEquals(60_000, f.getConnectionTTL());
        assertEquals(-1, f.getConfirmationWindowSize());
        assertEquals(0, f.getReconnectAttempts());
    }

    @Test
    void artemisWithoutSessionReattachGetsItsHeartbeatButNotItsCommandBuffer() throws Exception {
        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory("tcp://127.0.0.1:61616");
        ProviderTuning.beforeFirstUse(f, settings("SessionReattach=NO"));
        assertEquals(250, f.getClientFailureCheckPeriod());
        assertEquals(-1, f.getConfirmationWindowSize(), "no command buffer: no response per send, no re-attachment");
        assertEquals(0, f.getReconnectAttempts(), "every failure goes to the agent's rebuild");
    }

    @Test
    void nothingIsSetWhenTheAgentOnlyObserves() throws Exception {
        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory("tcp://127.0.0.1:61616");
        ProviderTuning.beforeFirstUse(f, settings("DefRecon=NO"));
        assertEquals(30_000, f.getClientFailureCheckPeriod());
        assertEquals(-1, f.getConfirmationWindowSize());
    }

    @Test
    void aFactoryIsTunedOnceBeforeItsFirstUse() throws Exception {
        org.apache.qpid.jms.JmsConnectionFactory f = new org.apache.qpid.jms.JmsConnectionFactory("amqp://h:5672");
        ProviderTuning.beforeFirstUse(f, settings(null));
        f.setRemoteURI("amqp://h:5672"); // the application's own change after its first connection
        ProviderTuning.beforeFirstUse(f, settings(null));
        assertEquals("amqp://h:5672", f.getRemoteURI());
    }

    @Test
    void classicGetsTheInactivityDurationOnASingleBrokerUrl() throws Exception {
        org.apache.activemq.ActiveMQConnectionFactory f = new org.apache.activemq.ActiveMQConnectionFactory("tcp://h:61616?jms.prefetchPolicy.all=10");
        ProviderTuning.beforeFirstUse(f, settings(null));
        assertEquals("tcp://h:61616?jms.prefetchPolicy.all=10&wireFormat.maxInactivityDuration=10000"
                + "&wireFormat.maxInactivityDurationInitalDelay=10000", f.getBrokerURL());
    }

    @Test
    void classicKeepsItsOwnInactivityDurationAndItsFailoverUrl() throws Exception {
        org.apache.activemq.ActiveMQConnectionFactory own = new org.apache.activemq.ActiveMQConnectionFactory("tcp://h:61616?wireFormat.maxInactivityDuration=0");
        ProviderTuning.beforeFirstUse(own, settings(null));
        assertEquals("tcp://h:61616?wireFormat.maxInactivityDuration=0&wireFormat.maxInactivityDurationInitalDelay=10000", own.getBrokerURL());
        org.apache.activemq.ActiveMQConnectionFactory failover = new org.apache.activemq.ActiveMQConnectionFactory("failover:(tcp://h:61616)");
        ProviderTuning.beforeFirstUse(failover, settings(null));
        assertEquals("failover:(tcp://h:61616)", failover.getBrokerURL());
    }

    @Test
    void qpidGetsAnIdleTimeoutOfJustUnderHalfTheStallTimeout() throws Exception {
        org.apache.qpid.jms.JmsConnectionFactory f = new org.apache.qpid.jms.JmsConnectionFactory("amqps://h:5671");
        ProviderTuning.beforeFirstUse(f, settings("StallTimeout=6000"));
        assertEquals("amqps://h:5671?amqp.idleTimeout=2700", f.getRemoteURI());
        org.apache.qpid.jms.JmsConnectionFactory own = new org.apache.qpid.jms.JmsConnectionFactory("amqp://h:5672?amqp.idleTimeout=0");
        ProviderTuning.beforeFirstUse(own, settings(null));
        assertEquals("amqp://h:5672?amqp.idleTimeout=0", own.getRemoteURI());
    }

    @Test
    void urlOptions() {
        assertEquals("tcp", UrlOptions.scheme("TCP://h:1"));
        assertEquals("", UrlOptions.scheme("h:1".substring(1)));
        assertEquals("5", UrlOptions.value("tcp://h:1?a=1&b.c=5#x", "b.c"));
        assertEquals(null, UrlOptions.value("tcp://h:1?ab=1", "a"));
        assertEquals("tcp://h:1?k=v", UrlOptions.with("tcp://h:1", "k", "v"));
        assertEquals("tcp://h:1?a=1&k=v#f", UrlOptions.with("tcp://h:1?a=1#f", "k", "v"));
        assertEquals("tcp://h:1?k=v", UrlOptions.with("tcp://h:1?", "k", "v"));
        assertEquals("tcp://h:1", UrlOptions.shown("tcp://user:secret@h:1?password=x"));
    }

    @Test
    void stallTimings() {
        StallTimings t = new StallTimings(10_000);
        assertEquals(250, t.artemisCheckPeriodMillis());
        assertEquals(4500, t.artemisConnectionTtlMillis());
        assertEquals(4500, t.qpidIdleTimeoutMillis());
        assertEquals(10_000, t.openWireInactivityMillis());
        assertEquals(500, t.watchPeriodMillis());
        assertEquals(9000, t.silenceMillis(), "found at the latest one look later: 9.5 s");
    }

    @Test
    void rabbitMqGetsAHeartbeatThatFindsAStallWithinTheStallTimeout() throws Exception {
        com.rabbitmq.jms.admin.RMQConnectionFactory f = new com.rabbitmq.jms.admin.RMQConnectionFactory();
        ProviderTuning.beforeFirstUse(f, settings(null));
        assertEquals(4, f.amqpFactoryForAConnection().getRequestedHeartbeat(), "found after 2.25 heartbeats: 9 s of T = 10 s");
    }

    @Test
    void rabbitMqKeepsTheApplicationsOwnHookAndTheHeartbeatItChose() throws Exception {
        com.rabbitmq.jms.admin.RMQConnectionFactory f = new com.rabbitmq.jms.admin.RMQConnectionFactory();
        java.util.List<String> ran = new java.util.ArrayList<>();
        f.setAmqpConnectionFactoryPostProcessor(amqp -> {
            ran.add("own hook");
            amqp.setRequestedHeartbeat(30);
        });
        ProviderTuning.beforeFirstUse(f, settings(null));
        assertEquals(30, f.amqpFactoryForAConnection().getRequestedHeartbeat());
        assertEquals(Collections.singletonList("own hook"), ran);
    }
}
