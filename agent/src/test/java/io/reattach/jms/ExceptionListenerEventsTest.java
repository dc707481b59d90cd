package io.reattach.jms;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.jms.Connection;
import javax.jms.JMSException;
import javax.jms.MessageProducer;
import javax.jms.Session;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the application's ExceptionListener gets over two outages, one the engine recovers from and one it gives up
 * on, for each {@code ExceptionListenerEvents} filter: the events in order, as JMSExceptions whose error code is the
 * event's name and whose linked exception is the failure that caused it. The provider's own failure never reaches it.
 */
@Timeout(10)
class ExceptionListenerEventsTest {

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("ALL", Arrays.asList("RECONNECTING", "RECONNECTED", "RECONNECTING", "RECONNECT_FAILED")),
                Arguments.of(null, Collections.singletonList("RECONNECT_FAILED")), // the default
                Arguments.of("NONE", Collections.emptyList()),
                Arguments.of("RECONNECTING,RECONNECTED", Arrays.asList("RECONNECTING", "RECONNECTED", "RECONNECTING")));
    }

    @ParameterizedTest(name = "ExceptionListenerEvents={0}")
    @MethodSource("filters")
    void eventsOfARecoveredAndAFailedOutage(String filter, List<String> expected) throws Exception {
        String args = "ReconDelay=(1000,250),ReconnectAttempts=2" + (filter == null ? "" : ",ExceptionListenerEvents=" + filter);
        try (EngineHarness h = EngineHarness.start(args)) {
            EngineHarness.Events events = new EngineHarness.Events();
            Connection connection = h.createConnection();
            connection.setExceptionListener(events);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("OUT"));

            h.broker.crash();
            producer.send(session.createTextMessage("after the first outage"));
            h.awaitReconnectsOver();
            h.broker.stayDown();
            h.broker.crash();
            assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("in the second outage")));
            h.awaitReconnectsOver();

            assertEquals(expected, events.codes());
            for (JMSException event : events.all()) {
                Exception linked = event.getLinkedException();
                assertInstanceOf(JMSException.class, linked, "the provider's failure: " + event);
                assertInstanceOf(IOException.class, linked.getCause(), "the crash: " + linked);
            }
        }
    }
}
