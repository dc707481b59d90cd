package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.jms.CompletionListener;
import javax.jms.Destination;
import javax.jms.Message;
import javax.jms.MessageProducer;
import javax.jms.TextMessage;

import org.junit.jupiter.api.Test;

/** The send buffer's view of messages, on a map-backed TextMessage of the javax namespace. */
class MessagesTest {

    /** A TextMessage whose text, properties and delivery mode live in a map. */
    private static TextMessage text(String body, Map<String, Object> properties, int deliveryMode) {
        Map<String, Object> props = new LinkedHashMap<>(properties);
        return (TextMessage) Proxy.newProxyInstance(MessagesTest.class.getClassLoader(), new Class<?>[]{TextMessage.class},
                (p, m, a) -> {
                    switch (m.getName()) {
                        case "getText":
                            return body;
                        case "getPropertyNames":
                            return Collections.enumeration(props.keySet());
                        case "getObjectProperty":
                        case "getStringProperty":
                            return props.get((String) a[0]);
                        case "setStringProperty":
                            props.put((String) a[0], a[1]);
                            return null;
                        case "getJMSDeliveryMode":
                            return deliveryMode;
                        case "hashCode":
                            return System.identityHashCode(p);
                        case "equals":
                            return p == a[0];
                        default:
                            return null;
                    }
                });
    }

    private final TextMessage sample = text("hello", Map.of("seq", 7), Messages.NON_PERSISTENT);
    private final Messages messages = new Messages(JmsApi.of(sample));

    @Test
    void findsTheMessageTheDeliveryModeAndTheCompletionListenerOfASend() throws Exception {
        Method withMode = MessageProducer.class.getMethod("send", Message.class, int.class, int.class, long.class);
        Messages.Shape s = messages.shape(withMode);
        assertEquals(0, s.messageIndex);
        assertEquals(1, s.deliveryModeIndex);
        assertEquals(-1, s.completionIndex);
        assertFalse(s.jmsProducer);
        Method withListener = MessageProducer.class.getMethod("send", Destination.class, Message.class, CompletionListener.class);
        Messages.Shape c = messages.shape(withListener);
        assertEquals(1, c.messageIndex);
        assertEquals(2, c.completionIndex);
        assertTrue(messages.wasPersistent(s, new Object[]{sample, Messages.PERSISTENT, 4, 0L}, null));
        assertFalse(messages.wasPersistent(c, new Object[]{null, sample, null}, null), "read from the message");
    }

    @Test
    void aDuplicateIdIsStampedUnlessTheApplicationSetItsOwnAndAnOldStampOfOursIsReplaced() {
        TextMessage fresh = text("a", Map.of(), Messages.PERSISTENT);
        assertEquals("reattach-x-1", messages.stampMessage(fresh, "_AMQ_DUPL_ID", "reattach-x-1", "reattach-x-"));
        assertEquals("reattach-x-2", messages.stampMessage(fresh, "_AMQ_DUPL_ID", "reattach-x-2", "reattach-x-"),
                "the same message object sent again is a new send");
        TextMessage own = text("a", Map.of("_AMQ_DUPL_ID", "order-42"), Messages.PERSISTENT);
        assertNull(messages.stampMessage(own, "_AMQ_DUPL_ID", "reattach-x-3", "reattach-x-"));
    }
}
