package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.jms.BytesMessage;
import javax.jms.Destination;
import javax.jms.JMSException;
import javax.jms.Session;
import javax.jms.TextMessage;

import org.junit.jupiter.api.Test;

/** The copy of a text message that the window keeps, on map-backed messages of the javax namespace. */
class TextMessageCopyTest {

    /** A TextMessage whose text, headers and properties live in maps, as a provider's would. */
    private static TextMessage text(String body) {
        Map<String, Object> state = new LinkedHashMap<>();
        Map<String, Object> props = new LinkedHashMap<>();
        state.put("Text", body);
        return (TextMessage) Proxy.newProxyInstance(TextMessageCopyTest.class.getClassLoader(), new Class<?>[]{TextMessage.class},
                (p, m, a) -> {
                    String name = m.getName();
                    if (name.equals("getPropertyNames")) {
                        return Collections.enumeration(new java.util.ArrayList<>(props.keySet()));
                    } else if (name.equals("getObjectProperty")) {
                        return props.get((String) a[0]);
                    } else if (name.equals("setObjectProperty") || name.equals("setIntProperty") || name.equals("setStringProperty")) {
                        props.put((String) a[0], a[1]);
                    } else if (name.equals("clearProperties")) {
                        props.clear();
                    } else if (name.startsWith("set")) {
                        state.put(name.substring(3), a[0]);
                    } else if (name.startsWith("get")) {
                        return state.get(name.substring(3));
                    } else if (name.equals("hashCode")) {
                        return System.identityHashCode(p);
                    } else if (name.equals("equals")) {
                        return p == a[0];
                    }
                    return null;
                });
    }

    private final Destination replies = (Destination) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[]{Destination.class}, (p, m, a) -> m.getName().equals("hashCode") ? 1 : null);
    private final TextMessage sent = text("0123456789");
    private final TextMessageCopy.Reader reader = new TextMessageCopy.Reader(javax.jms.Message.class, TextMessage.class, Destination.class);

    TextMessageCopyTest() throws JMSException {
        sent.setIntProperty("seq", 7);
        sent.setObjectProperty("JMSXDeliveryCount", 1);
        sent.setObjectProperty("JMS_AMQP_FLAGS", 1);
        sent.setStringProperty("name", "abc");
        sent.setJMSCorrelationID("c-7");
        sent.setJMSType("order");
        sent.setJMSReplyTo(replies);
    }

    @Test
    void keepsTheTextThePropertiesOfTheApplicationAndTheHeadersASendDoesNotSet() {
        TextMessageCopy copy = reader.copy(sent);
        assertEquals("0123456789", copy.text());
        assertEquals(2, copy.propertyCount(), "JMSX and JMS_ properties are the provider's");
        assertEquals("seq", copy.propertyName(0));
        assertEquals(7, copy.propertyValue(0));
        assertEquals("name", copy.propertyName(1));
        assertEquals("abc", copy.propertyValue(1));
        // 256 overhead + 2 x 10 text + (2 x 3 + 8) seq + (2 x 4 + 2 x 3) name
        assertEquals(256 + 20 + 14 + 14, copy.estimate());
    }

    @Test
    void aChangeToTheMessageObjectAfterTheSendDoesNotReachTheCopyNorItsRebuild() throws Throwable {
        TextMessageCopy copy = reader.copy(sent);
        sent.setText("changed");
        sent.clearProperties();
        sent.setIntProperty("seq", 8);
        sent.setJMSCorrelationID("c-8");
        sent.setJMSType("other");

        Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Session.class},
                (p, m, a) -> m.getName().equals("createTextMessage") ? text((String) a[0]) : null);
        TextMessage rebuilt = (TextMessage) reader.rebuild(copy, session);
        assertEquals("0123456789", rebuilt.getText());
        assertEquals(7, rebuilt.getObjectProperty("seq"));
        assertEquals("abc", rebuilt.getObjectProperty("name"));
        assertNull(rebuilt.getObjectProperty("JMSXDeliveryCount"));
        assertEquals("c-7", rebuilt.getJMSCorrelationID());
        assertEquals("order", rebuilt.getJMSType());
        assertSame(replies, rebuilt.getJMSReplyTo());
    }

    @Test
    void theMessageGroupThatTheApplicationSetIsReplayedWithTheMessage() throws Throwable {
        TextMessage grouped = text("g");
        grouped.setStringProperty("JMSXGroupID", "orders-42");
        grouped.setIntProperty("JMSXGroupSeq", 3);
        grouped.setObjectProperty("JMSXDeliveryCount", 2);
        grouped.setObjectProperty("JMSXUserID", "app");

        TextMessageCopy copy = reader.copy(grouped);
        Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Session.class},
                (p, m, a) -> m.getName().equals("createTextMessage") ? text((String) a[0]) : null);
        TextMessage rebuilt = (TextMessage) reader.rebuild(copy, session);
        assertEquals("orders-42", rebuilt.getObjectProperty("JMSXGroupID"), "JMS lets the application set it: broker groups rely on it");
        assertEquals(3, rebuilt.getObjectProperty("JMSXGroupSeq"));
        assertNull(rebuilt.getObjectProperty("JMSXDeliveryCount"), "the provider's");
        assertNull(rebuilt.getObjectProperty("JMSXUserID"), "the provider's");
        assertEquals(2, copy.propertyCount());
    }

    @Test
    void aMessageWithoutPropertiesAndOtherMessagesAreHandledToo() {
        TextMessageCopy bare = reader.copy(text("x"));
        assertEquals(0, bare.propertyCount());
        assertEquals(256 + 2, bare.estimate());
        BytesMessage bytes = (BytesMessage) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{BytesMessage.class},
                (p, m, a) -> null);
        assertNull(reader.copy(bytes), "only text messages are copied; others are kept as they are");
        assertNull(reader.copy(null));
    }

    @Test
    void aMessageThatCannotBeReadIsNotCopied() {
        TextMessage unreadable = (TextMessage) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{TextMessage.class},
                (p, m, a) -> {
                    throw new JMSException("not readable");
                });
        assertNull(reader.copy(unreadable));
    }
}
