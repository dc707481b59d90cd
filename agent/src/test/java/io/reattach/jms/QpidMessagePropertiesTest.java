package io.reattach.jms;

import static io.reattach.jms.CopiedProperties.assertTheCopyHoldsWhatTheJmsApiShows;
import static io.reattach.jms.CopiedProperties.copied;
import static io.reattach.jms.CopiedProperties.jmsView;
import static io.reattach.jms.CopiedProperties.setSevenPropertiesAndTwoHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;

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

    @Test
    void theCopyHoldsWhatTheJmsApiShows() throws JMSException {
        JmsTextMessage m = message();
        setSevenPropertiesAndTwoHeaders(m);
        assertTheCopyHoldsWhatTheJmsApiShows(reader, m, QpidMessageProperties.class, 7);
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
