package io.reattach.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The demo's numbers are computed from what the application reported; no run needed to check the arithmetic. */
class RunResultTest {

    private static RunResult result(int count) {
        return new RunResult(true, count, Path.of("app.log"));
    }

    private static void receive(RunResult r, int order, String messageId) {
        r.receipts.computeIfAbsent(order, k -> new ArrayList<>()).add(messageId);
    }

    @Test
    void aSecondDeliveryOfTheSameMessageIsARedeliveryAndANewMessageIdIsASecondCopy() {
        RunResult r = result(5);
        for (int i = 1; i <= 5; i++) {
            r.sent.add(i);
        }
        receive(r, 1, "ID:1");
        receive(r, 2, "ID:2");
        receive(r, 3, "ID:3");
        receive(r, 3, "ID:3");   // its acknowledgement was lost: redelivered
        receive(r, 4, "ID:4");
        receive(r, 4, "ID:4b");  // a send re-sent after a reconnect: a second message
        r.leftOver.put(5, List.of("ID:5"));
        r.exitCode = 0;

        assertEquals(4, r.receivedCount());
        assertEquals(Set.of(), r.lost());
        assertEquals(Set.of(5), r.leftOnBroker());
        assertArrayEquals(new int[] {1, 1}, r.duplicateCauses());
        assertEquals(2, r.duplicates());
        assertEquals(Set.of(3, 4), r.duplicatedOrders());
        assertEquals(0, r.neverSent());
        assertTrue(r.completed());
        assertFalse(r.lostNothing(), "order 5 never reached the application");
    }

    @Test
    void whatNeitherTheApplicationNorTheQueueHasIsLostAndWhatWasNotSentIsNot() {
        RunResult r = result(10);
        r.sent.add(1);
        r.sent.add(2);
        r.sent.add(3);
        r.sendFailures.put(4, "JMSException: gone");
        receive(r, 1, "ID:1");
        r.leftOver.put(1, List.of("ID:1")); // received, then found again: acknowledgement lost
        r.exitCode = 1;

        assertEquals(Set.of(2, 3), r.lost());
        assertEquals(Set.of(), r.leftOnBroker());
        assertEquals(6, r.neverSent());
        assertEquals(1, r.receivedAndLeftOver());
        assertArrayEquals(new int[] {1, 0}, r.duplicateCauses());
        assertFalse(r.completed());
        assertFalse(r.lostNothing());
    }

    @Test
    void providerExceptionsAreShownWithoutClassNames() {
        RunResult.ListenerCall call = new RunResult.ListenerCall(1.0, "consumer", "DISCONNECT",
                "org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException: "
                        + "[errorType=NOT_CONNECTED message=AMQ219006: Channel disconnected]", "");
        assertEquals("DISCONNECT: AMQ219006: Channel disconnected", call.text());
        assertEquals("DISCONNECT", call.label());
        assertFalse(call.isReattachEvent());

        RunResult.ListenerCall event = new RunResult.ListenerCall(2.0, "producer", "RECONNECTED",
                "Reattach: connection #2 (ActiveMQConnectionFactory.createConnection): RECONNECTED", "");
        assertTrue(event.isReattachEvent());
        assertEquals("RECONNECTED", event.label());
    }

    @Test
    void theAgentsSendBufferCountersAreAddedUpOverItsConnections() {
        RunResult r = new RunResult(true, 10, Path.of("x.log"));
        assertFalse(r.addBufferSummary("2026-11-27 08:40:57.139 [INFO] reattach - connection #2 (ActiveMQConnectionFactory."
                + "createConnection): reconnected after 1 attempt(s) in 280 ms"));
        assertTrue(r.addBufferSummary("2026-11-27 08:40:57.381 [INFO] reattach - connection #2 (ActiveMQConnectionFactory."
                + "createConnection): closed; send buffer: 0 message(s), 0 bytes, high-water 1280 of 1048576 bytes; "
                + "replayed 2, dropped from protection 0, duplicate ids stamped 40"));
        assertTrue(r.addBufferSummary("2026-11-27 08:40:57.382 [INFO] reattach - connection #1 (ActiveMQConnectionFactory."
                + "createConnection): closed; send buffer: 0 message(s), 0 bytes, high-water 0 of 1048576 bytes; "
                + "replayed 1, dropped from protection 0, duplicate ids stamped 0"));
        assertTrue(r.bufferReported);
        assertEquals(3, r.replayedSends);
        assertEquals(40, r.duplicateIdsStamped);
    }
}
