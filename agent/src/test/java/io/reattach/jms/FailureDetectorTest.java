package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.JMSException;
import javax.jms.MessageFormatException;
import javax.jms.MessageProducer;
import javax.jms.Session;

import org.junit.jupiter.api.Test;

import io.reattach.config.Settings;
import io.reattach.policy.ManualTime;

/**
 * The rule that tells a broken connection from the application's own error, with a provider whose exceptions say
 * nothing by their names ({@link FakeProvider}): the connection decides, not the exception.
 */
class FailureDetectorTest {

    private final FakeProvider provider = new FakeProvider();
    private final ManualTime time = new ManualTime(); // the reconnect's delays pass at once

    @Test
    void anUncheckedExceptionWithoutACauseOnABrokenConnectionIsAConnectionFailure() throws Exception {
        Session session = managed().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("q"));
        producer.send(session.createTextMessage("1"));
        provider.breakConnections(false); // the provider says nothing: only the probe can tell

        producer.send(session.createTextMessage("2")); // throws Closed on the dead connection: made again after the reconnect

        assertEquals(Arrays.asList("1", "2"), provider.stored);
        assertEquals(2, provider.connectionsMade.get(), "one reconnect");
    }

    @Test
    void anApplicationErrorOnAHealthyConnectionPassesThroughUnchanged() throws Exception {
        Connection connection = managed();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer forbidden = session.createProducer(session.createQueue(FakeProvider.FORBIDDEN));
        MessageProducer badFormat = session.createProducer(session.createQueue(FakeProvider.BAD_FORMAT));

        UnsupportedOperationException unchecked = assertThrows(UnsupportedOperationException.class,
                () -> forbidden.send(session.createTextMessage("x")));
        assertSame(provider.lastApplicationError, unchecked, "the provider's own exception, unchanged");
        // A MessageFormatException whose cause is an IOException (NotSerializableException): still the application's.
        MessageFormatException format = assertThrows(MessageFormatException.class, () -> badFormat.send(session.createTextMessage("y")));
        assertSame(provider.lastApplicationError, format);

        assertEquals(1, provider.connectionsMade.get(), "no reconnect");
        MessageProducer fine = session.createProducer(session.createQueue("q"));
        fine.send(session.createTextMessage("after"));
        assertEquals(List.of("after"), provider.stored, "the same session still sends");
    }

    @Test
    void theProbeRunsOnlyAfterAnException() throws Exception {
        Session session = managed().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("q"));
        int sessions = provider.sessionsMade.get();
        for (int i = 0; i < 100; i++) {
            producer.send(session.createTextMessage("m" + i));
        }
        assertEquals(sessions, provider.sessionsMade.get(), "a send that works costs no probe");
        MessageProducer forbidden = session.createProducer(session.createQueue(FakeProvider.FORBIDDEN));
        assertThrows(UnsupportedOperationException.class, () -> forbidden.send(session.createTextMessage("x")));
        assertEquals(sessions + 1, provider.sessionsMade.get(), "one probe for one exception");
    }

    @Test
    void aLossTheProviderReportedStartsTheReconnect() throws Exception {
        Session session = managed().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("q"));
        provider.breakConnections(true);
        awaitTrue(() -> provider.connectionsMade.get() == 2, "the reported loss did not start a reconnect");

        producer.send(session.createTextMessage("after")); // on the new connection
        assertEquals(List.of("after"), provider.stored);
    }

    @Test
    void anApplicationErrorTheProviderReportsReachesTheApplicationsListener() throws Exception {
        Connection connection = managed();
        List<JMSException> heard = new CopyOnWriteArrayList<>();
        connection.setExceptionListener(heard::add);
        connection.createSession(false, Session.AUTO_ACKNOWLEDGE); // the agent's own listener is on the provider now
        JMSException asyncError = new JMSException("an asynchronous send was refused");

        provider.reportToLiveListeners(asyncError);

        awaitTrue(() -> !heard.isEmpty(), "the application's listener heard nothing");
        assertSame(asyncError, heard.get(0));
        assertEquals(1, provider.connectionsMade.get(), "no reconnect");
    }

    /** A connection from the fake provider's factory, managed as the woven factory would have it managed. */
    private Connection managed() throws Exception {
        ConnectionFactory factory = provider.factory();
        Connection providerConnection = provider.connect();
        FactoryCall call = new FactoryCall(factory, ConnectionFactory.class.getMethod("createConnection"), null);
        Settings settings = Settings.defaults();
        ManagedConnection managed = new ManagedConnection(JmsApi.of(providerConnection), call, providerConnection, null,
                () -> settings, time, time, time, new Random(1));
        return (Connection) managed.proxy();
    }

    private static void awaitTrue(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, failure);
            Thread.sleep(5);
        }
    }
}
