package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.rabbitmq.jms.client.RmqJmsContext;

/**
 * The RabbitMQ JMS client's {@code JMSContext} lets only the first thread that touched its session reach it again, and
 * its {@code close()} closes its connection only when it can close that session: a context the agent's reconnect
 * thread built, closed on another thread, would stay open with its connection, its consumers and its client ID.
 */
class RabbitMqContextsTest {

    @Test
    void theClientIdOfAFailedAttemptsContextIsFreeForTheNextAttempt() {
        RmqJmsContext halfBuilt = new RmqJmsContext();
        halfBuilt.setClientID("failed-attempt");
        halfBuilt.session(); // the attempt built a consumer on it, on this thread, then failed (the broker went again)

        // What TreeRebuild does with a failed attempt's connection when the application set a client ID.
        Background.closeAndWait(halfBuilt, EngineHarness.PATIENCE_MILLIS);

        assertTrue(halfBuilt.connection().isClosed(), "closed through its connection, not through its session, "
                + "which another thread than the closer's holds");
        assertDoesNotThrow(() -> new RmqJmsContext().setClientID("failed-attempt"),
                "the next attempt sets the application's client ID again");
    }

    @Test
    void theStandInRefusesTheClientIdWhileTheContextThatTookItIsOpen() {
        RmqJmsContext open = new RmqJmsContext();
        open.setClientID("taken");
        assertThrows(IllegalStateException.class, () -> new RmqJmsContext().setClientID("taken"),
                "as the client's connection: one client ID per JVM until its connection is closed");
        open.close();
        assertDoesNotThrow(() -> new RmqJmsContext().setClientID("taken"));
    }
}
