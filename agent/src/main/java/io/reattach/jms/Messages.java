package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the send buffer needs to know about the messages of one JMS namespace, through the namespace's interfaces
 * (never a provider class): the shape of a send method, the delivery mode a send used, the size estimate of a
 * message, and the duplicate-detection id.
 *
 * <p>The size estimate (what the window is measured in) approximates the heap a kept message holds: 2 bytes per
 * character of text (body, property names and string values), the body length of a bytes message, 8 bytes per
 * primitive property or map value, a flat {@value #UNKNOWN_BODY} bytes for object and stream bodies (their size is
 * not known without serialising or reading them), plus {@value #OVERHEAD} bytes per message for its headers, the
 * provider's message object and the buffer entry.
 */
final class Messages {

    static final int OVERHEAD = 256;
    static final int UNKNOWN_BODY = 1024;
    static final int PERSISTENT = 2;
    static final int NON_PERSISTENT = 1;

    private final JmsApi api;
    private final Class<?> message;
    private final Class<?> textMessage;
    private final Class<?> bytesMessage;
    private final Class<?> mapMessage;
    private final Class<?> completionListener;
    /** {@code CompletionListener.onCompletion(Message)} and {@code onException(Message, Exception)}; null on JMS 1.1. */
    private final Method onCompletion;
    private final Method onException;
    private final Method getDeliveryMode;
    private final Method getStringProperty;
    private final Method setStringProperty;
    private final Method getPropertyNames;
    private final Method getObjectProperty;
    private final Method getText;
    private final Method getBodyLength;
    private final Method getMapNames;
    private final Method getMapObject;
    private final Method getCorrelationId;
    private final Method setCorrelationId;
    private final Method getType;
    private final Method setType;
    private final Method getReplyTo;
    private final Method setReplyTo;
    private final Method setObjectProperty;
    private final Map<Method, Shape> shapes = new ConcurrentHashMap<>();

    Messages(JmsApi api) {
        this.api = api;
        this.message = api.load("Message");
        this.textMessage = api.load("TextMessage");
        this.bytesMessage = api.load("BytesMessage");
        this.mapMessage = api.load("MapMessage");
        this.completionListener = loadOrNull("CompletionListener");
        this.onCompletion = completionListener == null ? null : method(completionListener, "onCompletion", message);
        this.onException = completionListener == null ? null : method(completionListener, "onException", message, Exception.class);
        this.getDeliveryMode = method(message, "getJMSDeliveryMode");
        this.getStringProperty = method(message, "getStringProperty", String.class);
        this.setStringProperty = method(message, "setStringProperty", String.class, String.class);
        this.getPropertyNames = method(message, "getPropertyNames");
        this.getObjectProperty = method(message, "getObjectProperty", String.class);
        this.getText = method(textMessage, "getText");
        this.getBodyLength = method(bytesMessage, "getBodyLength");
        this.getMapNames = method(mapMessage, "getMapNames");
        this.getMapObject = method(mapMessage, "getObject", String.class);
        this.getCorrelationId = method(message, "getJMSCorrelationID");
        this.setCorrelationId = method(message, "setJMSCorrelationID", String.class);
        this.getType = method(message, "getJMSType");
        this.setType = method(message, "setJMSType", String.class);
        Class<?> destination = api.load("Destination");
        this.getReplyTo = method(message, "getJMSReplyTo");
        this.setReplyTo = method(message, "setJMSReplyTo", destination);
        this.setObjectProperty = method(message, "setObjectProperty", String.class, Object.class);
    }

    /**
     * What the window keeps of a text message instead of the provider's object: its text, properties and the headers
     * a send does not set. It holds about what the size estimate says (a provider's message can hold several times
     * that: Artemis keeps the encoded body besides the text), and a change the application makes to the message
     * object after the send does not reach the replay.
     */
    static final class Snapshot {
        final String text;
        final String[] names;
        final Object[] values;
        final String correlationId;
        final String type;
        final Object replyTo;

        Snapshot(String text, String[] names, Object[] values, String correlationId, String type, Object replyTo) {
            this.text = text;
            this.names = names;
            this.values = values;
            this.correlationId = correlationId;
            this.type = type;
            this.replyTo = replyTo;
        }
    }

    /** The message's {@code JMSReplyTo}. */
    Object replyTo(Object m) throws Throwable {
        try {
            return getReplyTo.invoke(m);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    void setReplyTo(Object m, Object destination) throws Throwable {
        try {
            setReplyTo.invoke(m, destination);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A snapshot of a text message, or null for other messages or when it cannot be read. */
    Snapshot snapshot(Object m) {
        if (m == null || !textMessage.isInstance(m)) {
            return null;
        }
        try {
            java.util.List<String> names = new java.util.ArrayList<>();
            java.util.List<Object> values = new java.util.ArrayList<>();
            for (Enumeration<?> e = (Enumeration<?>) getPropertyNames.invoke(m); e.hasMoreElements(); ) {
                String name = (String) e.nextElement();
                if (name.startsWith("JMSX") || name.startsWith("JMS_")) {
                    continue; // set by the provider on send; applications may not set most of them
                }
                names.add(name);
                values.add(getObjectProperty.invoke(m, name));
            }
            return new Snapshot((String) getText.invoke(m), names.toArray(new String[0]), values.toArray(),
                    (String) getCorrelationId.invoke(m), (String) getType.invoke(m), getReplyTo.invoke(m));
        } catch (Throwable t) {
            Log.debug("a text message could not be copied for the send buffer; the message object is kept: {}", t.toString());
            return null;
        }
    }

    /** A new text message from the snapshot, created by a session (or context) of the new connection. */
    Object rebuild(Snapshot s, Object session) throws Throwable {
        try {
            Object m = JmsApi.interfaceMethod(session, "createTextMessage", String.class).invoke(session, s.text);
            for (int i = 0; i < s.names.length; i++) {
                setObjectProperty.invoke(m, s.names[i], s.values[i]);
            }
            if (s.correlationId != null) {
                setCorrelationId.invoke(m, s.correlationId);
            }
            if (s.type != null) {
                setType.invoke(m, s.type);
            }
            if (s.replyTo != null) {
                setReplyTo.invoke(m, s.replyTo);
            }
            return m;
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Class<?> loadOrNull(String simpleName) {
        try {
            return api.load(simpleName);
        } catch (IllegalStateException e) {
            return null; // JMS 1.1: no CompletionListener
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + "." + name, e);
        }
    }

    /** Where a send method has its message, its delivery mode and its CompletionListener. */
    static final class Shape {
        final int messageIndex;
        final int deliveryModeIndex;
        final int completionIndex;
        final boolean jmsProducer;

        Shape(int messageIndex, int deliveryModeIndex, int completionIndex, boolean jmsProducer) {
            this.messageIndex = messageIndex;
            this.deliveryModeIndex = deliveryModeIndex;
            this.completionIndex = completionIndex;
            this.jmsProducer = jmsProducer;
        }
    }

    Shape shape(Method send) {
        Shape s = shapes.get(send);
        if (s == null) {
            Class<?>[] types = send.getParameterTypes();
            int messageIndex = -1;
            int deliveryModeIndex = -1;
            int completionIndex = -1;
            for (int i = 0; i < types.length; i++) {
                if (types[i] == message) {
                    messageIndex = i;
                } else if (types[i] == int.class && deliveryModeIndex < 0 && messageIndex >= 0) {
                    deliveryModeIndex = i; // send(Message, int deliveryMode, int priority, long ttl)
                } else if (completionListener != null && types[i] == completionListener) {
                    completionIndex = i;
                }
            }
            s = new Shape(messageIndex, deliveryModeIndex, completionIndex,
                    send.getDeclaringClass().getSimpleName().equals("JMSProducer"));
            shapes.put(send, s);
        }
        return s;
    }

    /** The application's CompletionListener method for {@code callback}, "onCompletion" or "onException". */
    Method completionCallback(String callback) {
        return callback.equals("onCompletion") ? onCompletion : onException;
    }

    /** Whether a send that returned was persistent: the argument, or what the provider set on the message. */
    boolean wasPersistent(Shape shape, Object[] args, Object target) {
        try {
            if (shape.deliveryModeIndex >= 0) {
                return ((Integer) args[shape.deliveryModeIndex]) == PERSISTENT;
            }
            if (shape.messageIndex >= 0 && args[shape.messageIndex] != null) {
                return ((Integer) getDeliveryMode.invoke(args[shape.messageIndex])) == PERSISTENT;
            }
            if (shape.jmsProducer) {
                return ((Integer) JmsApi.interfaceMethod(target, "getDeliveryMode").invoke(target)) == PERSISTENT;
            }
        } catch (Throwable t) {
            Log.debug("reading the delivery mode of a send failed: {}", t.toString());
        }
        return true; // unknown: a send that returned normally is taken as confirmed, as before the buffer existed
    }

    /** Whether a message the provider has sent was persistent; true when it cannot say. */
    boolean isPersistent(Object m) {
        try {
            return m == null || ((Integer) getDeliveryMode.invoke(m)) == PERSISTENT;
        } catch (Throwable t) {
            return true;
        }
    }

    /** The estimate (see the class comment) of a snapshot: the same as of the message it copies. */
    static long estimate(Snapshot s) {
        long size = OVERHEAD + (s.text == null ? 0 : 2L * s.text.length());
        for (int i = 0; i < s.names.length; i++) {
            size += 2L * s.names[i].length() + valueSize(s.values[i]);
        }
        return size;
    }

    /** The estimate (see the class comment) of the message or JMSProducer body of a send. */
    long estimate(Shape shape, Object[] args) {
        long size = OVERHEAD;
        try {
            if (shape.messageIndex >= 0) {
                Object m = args[shape.messageIndex];
                return m == null ? size : size + body(m) + properties(m);
            }
            for (Object a : args) { // JMSProducer.send(Destination, String|byte[]|Map|Serializable)
                if (a instanceof String) {
                    size += 2L * ((String) a).length();
                } else if (a instanceof byte[]) {
                    size += ((byte[]) a).length;
                } else if (a instanceof Map) {
                    size += 16L * ((Map<?, ?>) a).size() + mapSize((Map<?, ?>) a);
                } else if (a != null && !api.load("Destination").isInstance(a)) {
                    size += UNKNOWN_BODY;
                }
            }
        } catch (Throwable t) {
            Log.debug("estimating a message's size failed: {}", t.toString());
            size += UNKNOWN_BODY;
        }
        return size;
    }

    private long mapSize(Map<?, ?> map) {
        long size = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            size += valueSize(e.getKey()) + valueSize(e.getValue());
        }
        return size;
    }

    private long body(Object m) throws Exception {
        if (textMessage.isInstance(m)) {
            String text = (String) getText.invoke(m);
            return text == null ? 0 : 2L * text.length();
        }
        if (bytesMessage.isInstance(m)) {
            try {
                return (Long) getBodyLength.invoke(m);
            } catch (InvocationTargetException e) {
                return UNKNOWN_BODY; // write-only after the send, for some providers
            }
        }
        if (mapMessage.isInstance(m)) {
            long size = 0;
            for (Enumeration<?> names = (Enumeration<?>) getMapNames.invoke(m); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                size += 2L * name.length() + valueSize(getMapObject.invoke(m, name));
            }
            return size;
        }
        return UNKNOWN_BODY; // ObjectMessage, StreamMessage, or a plain Message (0, but headers are counted)
    }

    private long properties(Object m) throws Exception {
        long size = 0;
        for (Enumeration<?> names = (Enumeration<?>) getPropertyNames.invoke(m); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            size += 2L * name.length() + valueSize(getObjectProperty.invoke(m, name));
        }
        return size;
    }

    private static long valueSize(Object v) {
        if (v instanceof String) {
            return 2L * ((String) v).length();
        }
        if (v instanceof byte[]) {
            return ((byte[]) v).length;
        }
        return 8;
    }

    /**
     * Stamps a duplicate-detection id on a message, unless the application set one of its own there. An id the agent
     * stamped on an earlier send of the same message object is replaced: the message is a new send.
     *
     * @return the id now on the message, or null when none was stamped
     */
    String stampMessage(Object m, String property, String id, String agentPrefix) {
        try {
            Object existing = getStringProperty.invoke(m, property);
            if (existing != null && !existing.toString().startsWith(agentPrefix)) {
                return null; // the application's own id
            }
            setStringProperty.invoke(m, property, id);
            return id;
        } catch (Throwable t) {
            Log.debug("no duplicate-detection id on the message (read-only?): {}", t.toString());
            return null;
        }
    }

    /** The same for a provider JMSProducer, whose properties go onto every message it sends. */
    static String stampProducer(Object producer, String property, String id, String agentPrefix) {
        try {
            Object existing = JmsApi.interfaceMethod(producer, "getStringProperty", String.class).invoke(producer, property);
            if (existing != null && !existing.toString().startsWith(agentPrefix)) {
                return null;
            }
            JmsApi.interfaceMethod(producer, "setProperty", String.class, String.class).invoke(producer, property, id);
            return id;
        } catch (Throwable t) {
            Log.debug("no duplicate-detection id on the JMSProducer: {}", t.toString());
            return null;
        }
    }

    /** The application's view of a received message in a CLIENT_ACKNOWLEDGE session, or the message itself. */
    static Object unwrap(Object maybeHandle) {
        if (maybeHandle != null && Proxy.isProxyClass(maybeHandle.getClass())) {
            Object h = Proxy.getInvocationHandler(maybeHandle);
            if (h instanceof ReceivedMessage) {
                return ((ReceivedMessage) h).delegate;
            }
        }
        return maybeHandle;
    }
}
