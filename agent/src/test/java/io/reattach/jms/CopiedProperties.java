package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;

import javax.jms.JMSException;
import javax.jms.TextMessage;

/** The two views a test of a provider's copy compares: what the JMS API shows the application, and what the copy holds. */
final class CopiedProperties {

    private CopiedProperties() {
    }

    /**
     * Sets seven properties of the application's, of five types and the message group among them, and the correlation
     * ID and type headers (which the JMS layer of some providers keeps among the properties).
     */
    static void setSevenPropertiesAndTwoHeaders(TextMessage m) throws JMSException {
        m.setStringProperty("customer", "acme");
        m.setIntProperty("seq", 7);
        m.setLongProperty("amount", 12_000_000_000L);
        m.setBooleanProperty("urgent", true);
        m.setDoubleProperty("ratio", 0.5);
        m.setStringProperty("JMSXGroupID", "orders-42");
        m.setIntProperty("JMSXGroupSeq", 3);
        m.setJMSCorrelationID("corr-1");
        m.setJMSType("order");
    }

    /**
     * Asserts that {@code m} is read by the provider's own reader ({@code readerClass}), and that the copy holds what
     * the JMS API shows the application: {@code count} properties, name for name and value for value, and the text.
     */
    static TextMessageCopy assertTheCopyHoldsWhatTheJmsApiShows(TextMessageCopy.Reader reader, TextMessage m,
                                                                Class<? extends ProviderMessageProperties> readerClass,
                                                                int count) throws JMSException {
        ProviderMessageProperties provider = ProviderMessageProperties.of(m.getClass());
        assertInstanceOf(readerClass, provider, "the message is read by the provider's own reader");
        assertNotNull(provider.read(m));
        TextMessageCopy copy = reader.copy(m);
        Map<String, Object> expected = jmsView(m);
        assertEquals(count, expected.size(), "the properties the test set that the application sees: " + expected);
        assertEquals(expected, copied(copy));
        assertEquals(m.getText(), copy.text());
        return copy;
    }

    /** The application's properties as the JMS API lists them, without the provider's. */
    static Map<String, Object> jmsView(TextMessage m) throws JMSException {
        Map<String, Object> view = new TreeMap<>();
        for (Enumeration<?> names = m.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (!TextMessageCopy.isProviders(name)) {
                view.put(name, m.getObjectProperty(name));
            }
        }
        return view;
    }

    /** The properties the copy holds, by name. */
    static Map<String, Object> copied(TextMessageCopy copy) {
        Map<String, Object> properties = new TreeMap<>();
        for (int i = 0; i < copy.propertyCount(); i++) {
            properties.put(copy.propertyName(i), copy.propertyValue(i));
        }
        return properties;
    }
}
