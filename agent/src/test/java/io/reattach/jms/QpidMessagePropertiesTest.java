package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;

import javax.jms.Destination;
import javax.jms.JMSException;
import javax.jms.TextMessage;

import org.apache.qpid.jms.message.JmsTextMessage;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsTextMessageFacade;
import org.junit.jupiter.api.Test;

/**
 * The window's copy of a real Qpid JMS text message, read from its AMQP facade: it must hold what the JMS API shows
 * the application, name for name and value for value.
 */
class QpidMessagePropertiesTest {

    private final TextMessageCopy.Reader reader = new TextMessageCopy.Reader(javax.jms.Message.class, TextMessage.class, Destination.class);

    private static JmsTextMessage message() throws JMSException {
        JmsTextMessage m = new JmsTextMessage(new AmqpJmsTextMessageFacade());
        m.setText("order 42");
        return m;
    }

    /** The application's properties as the JMS API lists them, without the provider's. */
    private static Map<String, Object> jmsView(TextMessage m) throws JMSException {
        Map<String, Object> view = new TreeMap<>();
        for (Enumeration<?> names = m.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (!TextMessageCopy.isProviders(name)) {
                view.put(name, m.getObjectProperty(name));
            }
        }
        return view;
    }

    private static Map<String, Object> copied(TextMessageCopy copy) {
        Map<String, Object> properties = new TreeMap<>();
        for (int i = 0; i < copy.propertyCount(); i++) {
            properties.put(copy.propertyName(i), copy.propertyValue(i));
        }
        return properties;
    }

    @Test
    void theCopyHoldsWhatTheJmsApiShows() throws JMSException {
        JmsTextMessage m = message();
        m.setStringProperty("customer", "acme");
        m.setIntProperty("seq", 7);
        m.setLongProperty("amount", 12_000_000_000L);
        m.setBooleanProperty("urgent", true);
        m.setDoubleProperty("ratio", 0.5);
        m.setStringProperty("JMSXGroupID", "orders-42");
        m.setIntProperty("JMSXGroupSeq", 3);
        m.setJMSCorrelationID("corr-1");
        m.setJMSType("order");

        ProviderMessageProperties provider = ProviderMessageProperties.of(m.getClass());
        assertInstanceOf(QpidMessageProperties.class, provider, "a Qpid message is read from its AMQP facade");
        assertNotNull(provider.read(m));
        TextMessageCopy copy = reader.copy(m);

        Map<String, Object> expected = jmsView(m);
        assertEquals(7, expected.size(), "the test sets seven properties the application sees: " + expected);
        assertEquals(expected, copied(copy));
        assertEquals("order 42", copy.text());
    }

    @Test
    void aMessageWithoutPropertiesCopiesNone() throws JMSException {
        JmsTextMessage m = message();
        assertEquals(Collections.emptyMap(), jmsView(m));
        assertEquals(0, reader.copy(m).propertyCount());
    }

    @Test
    void aGroupSequenceOfZeroIsNoPropertyAsQpidReadsIt() throws JMSException {
        JmsTextMessage m = message();
        m.setStringProperty("JMSXGroupID", "orders-42");
        m.setIntProperty("JMSXGroupSeq", 0);
        assertEquals(jmsView(m), copied(reader.copy(m)));
    }
}
