package io.reattach.jms.fake;

import javax.jms.CompletionListener;
import javax.jms.Destination;
import javax.jms.JMSProducer;
import javax.jms.Message;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The simplified API's producer: its settings, properties and headers go onto every message it sends, through a
 * {@link FakeProducer} without a destination. Only text bodies. Setters return the producer, as JMS says.
 */
final class FakeJmsProducer implements JMSProducer {

    private final FakeSession session;
    private final FakeProducer producer;
    /** Set from the application's thread or the engine's reconnect thread: a concurrent map keeps them visible. */
    private final Map<String, Object> properties = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile String correlationId;
    private volatile String type;
    private volatile Destination replyTo;
    private volatile CompletionListener async;

    FakeJmsProducer(FakeSession session) {
        this.session = session;
        this.producer = new FakeProducer(session, null);
    }

    @Override
    public JMSProducer send(Destination destination, Message message) {
        Unchecked.run(() -> {
            synchronized (properties) {
                for (Map.Entry<String, Object> p : properties.entrySet()) {
                    message.setObjectProperty(p.getKey(), p.getValue());
                }
            }
            if (correlationId != null) {
                message.setJMSCorrelationID(correlationId);
            }
            if (type != null) {
                message.setJMSType(type);
            }
            if (replyTo != null) {
                message.setJMSReplyTo(replyTo);
            }
            producer.send(destination, message, producer.getDeliveryMode(), producer.getPriority(), producer.getTimeToLive(), async);
        });
        return this;
    }

    @Override
    public JMSProducer send(Destination destination, String body) {
        return send(destination, session.createTextMessage(body));
    }

    @Override
    public JMSProducer send(Destination destination, Map<String, Object> body) {
        throw Unsupported.inFake("a map body");
    }

    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        throw Unsupported.inFake("a bytes body");
    }

    @Override
    public JMSProducer send(Destination destination, Serializable body) {
        throw Unsupported.inFake("an object body");
    }

    @Override
    public JMSProducer setDisableMessageID(boolean value) {
        producer.setDisableMessageID(value);
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        return producer.getDisableMessageID();
    }

    @Override
    public JMSProducer setDisableMessageTimestamp(boolean value) {
        producer.setDisableMessageTimestamp(value);
        return this;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        return producer.getDisableMessageTimestamp();
    }

    @Override
    public JMSProducer setDeliveryMode(int deliveryMode) {
        producer.setDeliveryMode(deliveryMode);
        return this;
    }

    @Override
    public int getDeliveryMode() {
        return producer.getDeliveryMode();
    }

    @Override
    public JMSProducer setPriority(int priority) {
        producer.setPriority(priority);
        return this;
    }

    @Override
    public int getPriority() {
        return producer.getPriority();
    }

    @Override
    public JMSProducer setTimeToLive(long timeToLive) {
        producer.setTimeToLive(timeToLive);
        return this;
    }

    @Override
    public long getTimeToLive() {
        return producer.getTimeToLive();
    }

    @Override
    public JMSProducer setDeliveryDelay(long deliveryDelay) {
        producer.setDeliveryDelay(deliveryDelay);
        return this;
    }

    @Override
    public long getDeliveryDelay() {
        return producer.getDeliveryDelay();
    }

    @Override
    public JMSProducer setAsync(CompletionListener listener) {
        async = listener;
        return this;
    }

    @Override
    public CompletionListener getAsync() {
        return async;
    }

    // ---- properties: every overload stores the value as given ----

    private JMSProducer property(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, boolean value) {
        return property(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        return property(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        return property(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        return property(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        return property(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        return property(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        return property(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        return property(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, Object value) {
        return property(name, value);
    }

    @Override
    public JMSProducer clearProperties() {
        properties.clear();
        return this;
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
    public String getStringProperty(String name) {
        Object v = properties.get(name);
        return v == null ? null : v.toString();
    }

    @Override
    public boolean getBooleanProperty(String name) {
        return Boolean.parseBoolean(getStringProperty(name));
    }

    @Override
    public byte getByteProperty(String name) {
        return ((Number) properties.get(name)).byteValue();
    }

    @Override
    public short getShortProperty(String name) {
        return ((Number) properties.get(name)).shortValue();
    }

    @Override
    public int getIntProperty(String name) {
        return ((Number) properties.get(name)).intValue();
    }

    @Override
    public long getLongProperty(String name) {
        return ((Number) properties.get(name)).longValue();
    }

    @Override
    public float getFloatProperty(String name) {
        return ((Number) properties.get(name)).floatValue();
    }

    @Override
    public double getDoubleProperty(String name) {
        return ((Number) properties.get(name)).doubleValue();
    }

    @Override
    public Set<String> getPropertyNames() {
        synchronized (properties) {
            return new LinkedHashSet<>(properties.keySet());
        }
    }

    // ---- headers ----

    @Override
    public JMSProducer setJMSCorrelationID(String id) {
        correlationId = id;
        return this;
    }

    @Override
    public String getJMSCorrelationID() {
        return correlationId;
    }

    @Override
    public JMSProducer setJMSType(String t) {
        type = t;
        return this;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public JMSProducer setJMSReplyTo(Destination d) {
        replyTo = d;
        return this;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }

    @Override
    public JMSProducer setJMSCorrelationIDAsBytes(byte[] id) {
        throw Unsupported.inFake("a correlation ID as bytes");
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        throw Unsupported.inFake("a correlation ID as bytes");
    }
}
