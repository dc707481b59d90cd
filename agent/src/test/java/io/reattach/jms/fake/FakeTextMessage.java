package io.reattach.jms.fake;

import javax.jms.DeliveryMode;
import javax.jms.Destination;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageFormatException;
import javax.jms.TextMessage;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fake's only message type. The broker stores a copy made at send time; each delivery hands out another copy
 * that knows its session, for {@code acknowledge()}.
 */
final class FakeTextMessage implements TextMessage {

    private String text;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private String messageId;
    private long timestamp;
    private String correlationId;
    private Destination replyTo;
    private Destination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long expiration;
    private long deliveryTime;
    private String type;
    /** Set on the broker's copy when it goes back to its queue unacknowledged. */
    boolean redelivered;
    /** The session that delivered this copy, or null for a message the application created. */
    private FakeSession session;

    FakeTextMessage(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    /** What a send sets on the message it was given, as JMS requires. */
    void sent(Destination to, int mode, int prio, long expires, String id) {
        destination = to;
        deliveryMode = mode;
        priority = prio;
        expiration = expires;
        messageId = id;
        timestamp = System.currentTimeMillis();
    }

    FakeTextMessage copy() {
        FakeTextMessage c = new FakeTextMessage(text);
        c.properties.putAll(properties);
        c.messageId = messageId;
        c.timestamp = timestamp;
        c.correlationId = correlationId;
        c.replyTo = replyTo;
        c.destination = destination;
        c.deliveryMode = deliveryMode;
        c.priority = priority;
        c.expiration = expiration;
        c.deliveryTime = deliveryTime;
        c.type = type;
        c.redelivered = redelivered;
        return c;
    }

    void deliveredBy(FakeSession delivering) {
        session = delivering;
    }

    /** CLIENT_ACKNOWLEDGE: acknowledges every message its session delivered so far. */
    @Override
    public void acknowledge() throws JMSException {
        if (session != null) {
            session.acknowledge();
        }
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    public void setText(String text) {
        this.text = text;
    }

    @Override
    public void clearBody() {
        text = null;
    }

    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (!isBodyAssignableTo(c)) {
            throw new MessageFormatException("a text message body is not a " + c.getName());
        }
        return c.cast(text);
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) {
        return c.isAssignableFrom(String.class);
    }

    // ---- properties ----

    @Override
    public void clearProperties() {
        properties.clear();
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.containsKey(name);
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.get(name);
    }

    @Override
    public void setObjectProperty(String name, Object value) {
        properties.put(name, value);
    }

    @Override
    public Enumeration<String> getPropertyNames() {
        return Collections.enumeration(properties.keySet());
    }

    @Override
    public String getStringProperty(String name) {
        Object v = properties.get(name);
        return v == null ? null : v.toString();
    }

    @Override
    public void setStringProperty(String name, String value) {
        properties.put(name, value);
    }

    @Override
    public boolean getBooleanProperty(String name) {
        return Boolean.parseBoolean(getStringProperty(name));
    }

    @Override
    public void setBooleanProperty(String name, boolean value) {
        properties.put(name, value);
    }

    @Override
    public byte getByteProperty(String name) throws JMSException {
        return number(name).byteValue();
    }

    @Override
    public void setByteProperty(String name, byte value) {
        properties.put(name, value);
    }

    @Override
    public short getShortProperty(String name) throws JMSException {
        return number(name).shortValue();
    }

    @Override
    public void setShortProperty(String name, short value) {
        properties.put(name, value);
    }

    @Override
    public int getIntProperty(String name) throws JMSException {
        return number(name).intValue();
    }

    @Override
    public void setIntProperty(String name, int value) {
        properties.put(name, value);
    }

    @Override
    public long getLongProperty(String name) throws JMSException {
        return number(name).longValue();
    }

    @Override
    public void setLongProperty(String name, long value) {
        properties.put(name, value);
    }

    @Override
    public float getFloatProperty(String name) throws JMSException {
        return number(name).floatValue();
    }

    @Override
    public void setFloatProperty(String name, float value) {
        properties.put(name, value);
    }

    @Override
    public double getDoubleProperty(String name) throws JMSException {
        return number(name).doubleValue();
    }

    @Override
    public void setDoubleProperty(String name, double value) {
        properties.put(name, value);
    }

    private Number number(String name) throws JMSException {
        Object v = properties.get(name);
        if (v instanceof Number) {
            return (Number) v;
        }
        try {
            return Double.valueOf(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new MessageFormatException("property " + name + " is not a number: " + v);
        }
    }

    // ---- headers ----

    @Override
    public String getJMSMessageID() {
        return messageId;
    }

    @Override
    public void setJMSMessageID(String id) {
        messageId = id;
    }

    @Override
    public long getJMSTimestamp() {
        return timestamp;
    }

    @Override
    public void setJMSTimestamp(long t) {
        timestamp = t;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        throw Unsupported.inFake("a correlation ID as bytes");
    }

    @Override
    public void setJMSCorrelationIDAsBytes(byte[] id) {
        throw Unsupported.inFake("a correlation ID as bytes");
    }

    @Override
    public String getJMSCorrelationID() {
        return correlationId;
    }

    @Override
    public void setJMSCorrelationID(String id) {
        correlationId = id;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }

    @Override
    public void setJMSReplyTo(Destination d) {
        replyTo = d;
    }

    @Override
    public Destination getJMSDestination() {
        return destination;
    }

    @Override
    public void setJMSDestination(Destination d) {
        destination = d;
    }

    @Override
    public int getJMSDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public void setJMSDeliveryMode(int mode) {
        deliveryMode = mode;
    }

    @Override
    public boolean getJMSRedelivered() {
        return redelivered;
    }

    @Override
    public void setJMSRedelivered(boolean r) {
        redelivered = r;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public void setJMSType(String t) {
        type = t;
    }

    @Override
    public long getJMSExpiration() {
        return expiration;
    }

    @Override
    public void setJMSExpiration(long e) {
        expiration = e;
    }

    @Override
    public long getJMSDeliveryTime() {
        return deliveryTime;
    }

    @Override
    public void setJMSDeliveryTime(long t) {
        deliveryTime = t;
    }

    @Override
    public int getJMSPriority() {
        return priority;
    }

    @Override
    public void setJMSPriority(int p) {
        priority = p;
    }

    @Override
    public String toString() {
        return "FakeTextMessage[" + messageId + ", " + text + "]";
    }
}
