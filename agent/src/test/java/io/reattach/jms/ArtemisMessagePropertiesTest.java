package io.reattach.jms;

import static io.reattach.jms.CopiedProperties.assertTheCopyHoldsWhatTheJmsApiShows;
import static io.reattach.jms.CopiedProperties.copied;
import static io.reattach.jms.CopiedProperties.jmsView;
import static io.reattach.jms.CopiedProperties.setSevenPropertiesAndTwoHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.jms.Destination;
import javax.jms.JMSException;
import javax.jms.TextMessage;

import org.apache.activemq.artemis.core.client.impl.ClientMessageImpl;
import org.apache.activemq.artemis.jms.client.ActiveMQQueue;
import org.apache.activemq.artemis.jms.client.ActiveMQTextMessage;
import org.junit.jupiter.api.Test;

/**
 * The window's copy of a real Artemis text message, read from its core message: it must hold what the JMS API shows
 * the application, name for name and value for value.
 */
class ArtemisMessagePropertiesTest {

    private final TextMessageCopy.Reader reader = new TextMessageCopy.Reader(javax.jms.Message.class, TextMessage.class, Destination.class);

    private static ActiveMQTextMessage message() throws JMSException {
        ActiveMQTextMessage m = new ActiveMQTextMessage(new ClientMessageImpl(ActiveMQTextMessage.TYPE, true, 0,
                System.currentTimeMillis(), (byte) 4, 1024), null);
        m.clearBody(); // made as a received message is: read-only until cleared
        m.clearProperties();
        m.setText("order 42");
        return m;
    }

    @Test
    void theCopyHoldsWhatTheJmsApiShows() throws JMSException {
        ActiveMQTextMessage m = message();
        setSevenPropertiesAndTwoHeaders(m);
        m.setStringProperty("_AMQ_DUPL_ID", "app-id-1"); // duplicate detection: a replay must carry it
        m.setJMSReplyTo(new ActiveMQQueue("replies"));
        m.getCoreMessage().putStringProperty("__AMQ_CID", "connection-1"); // the client's own: not a property

        TextMessageCopy copy = assertTheCopyHoldsWhatTheJmsApiShows(reader, m, ArtemisMessageProperties.class, 8);
        assertEquals("orders-42", copied(copy).get("JMSXGroupID"));
        assertEquals(String.class, copied(copy).get("customer").getClass(), "a string property, not the core message's SimpleString");
    }

    @Test
    void theHeadersTheMessageHasAreCopied() throws JMSException {
        HeaderCountingMessage m = new HeaderCountingMessage();
        ActiveMQQueue replies = new ActiveMQQueue("replies");
        m.setJMSCorrelationID("corr-9");
        m.setJMSType("invoice");
        m.setJMSReplyTo(replies);

        TextMessageCopy copy = reader.copy(m);

        assertEquals("corr-9", copy.correlationId());
        assertEquals("invoice", copy.type());
        assertEquals(replies, copy.replyTo());
    }

    @Test
    void aMessageWithoutTheHeadersIsNotAskedForThem() throws JMSException {
        HeaderCountingMessage m = new HeaderCountingMessage();
        m.setIntProperty("seq", 1);

        TextMessageCopy copy = reader.copy(m);

        assertNull(copy.correlationId());
        assertNull(copy.type());
        assertNull(copy.replyTo());
        assertEquals(0, m.headerReads, "the property table said the message has none of the three headers");
        assertEquals(1, copy.propertyCount());
    }

    @Test
    void onlyTheHeaderTheMessageHasIsAskedFor() throws JMSException {
        HeaderCountingMessage m = new HeaderCountingMessage();
        m.setJMSType("invoice");

        TextMessageCopy copy = reader.copy(m);

        assertEquals("invoice", copy.type());
        assertNull(copy.correlationId());
        assertEquals(1, m.headerReads);
    }

    /** A real Artemis text message that counts the calls of the three header getters the copy may make. */
    private static final class HeaderCountingMessage extends ActiveMQTextMessage {
        int headerReads;

        HeaderCountingMessage() throws JMSException {
            super(new ClientMessageImpl(ActiveMQTextMessage.TYPE, true, 0, System.currentTimeMillis(), (byte) 4, 1024), null);
            clearBody();
            clearProperties();
            setText("order 43");
        }

        @Override
        public String getJMSCorrelationID() throws JMSException {
            headerReads++;
            return super.getJMSCorrelationID();
        }

        @Override
        public String getJMSType() throws JMSException {
            headerReads++;
            return super.getJMSType();
        }

        @Override
        public Destination getJMSReplyTo() throws JMSException {
            headerReads++;
            return super.getJMSReplyTo();
        }
    }

    @Test
    void aMessageWithoutPropertiesCopiesNone() throws JMSException {
        ActiveMQTextMessage m = message();
        assertEquals(Collections.emptyMap(), jmsView(m));
        assertEquals(0, reader.copy(m).propertyCount());
    }

    @Test
    void theJmsNamesAreTheJmsClients() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("_AMQ_GROUP_ID", "JMSXGroupID");
        cases.put("_AMQ_GROUP_SEQUENCE", "JMSXGroupSeq");
        cases.put("_AMQ_VALIDATED_USER", "JMSXUserID");
        cases.put("_AMQ_DUPL_ID", "_AMQ_DUPL_ID");
        cases.put("JMSXAppThing", "JMSXAppThing");
        cases.put("JMS_AMQ_Thing", "JMS_AMQ_Thing");
        cases.put("plain", "plain");
        cases.forEach((core, jms) -> assertEquals(jms, ArtemisMessageProperties.jmsName(core), core));
        for (String notAProperty : new String[]{"_AMQ_ROUTING_TYPE", "_AMQ_ROUTE_TOsomething", "__AMQ_CID", "JMSCorrelationID", "JMSType", "JMSReplyTo"}) {
            assertNull(ArtemisMessageProperties.jmsName(notAProperty), notAProperty);
        }
    }

    @Test
    void aMessageOfAnotherProviderIsNotReadSo() {
        assertNull(ProviderMessageProperties.of(String.class));
        assertNull(ProviderMessageProperties.of(javax.jms.Message.class));
    }
}
