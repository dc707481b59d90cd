package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.invoke.MethodHandle;
import java.util.Enumeration;
import java.util.Map;

/**
 * The size estimate of a send kept in the confirmation window, what the window is measured in. It approximates the
 * heap a kept message holds: 2 bytes per character of text (body, property names and string values), the body length
 * of a bytes message, 8 bytes per primitive property or map value, a flat {@value #UNKNOWN_BODY} bytes for object and
 * stream bodies (their size is not known without serialising or reading them), plus {@value #OVERHEAD} bytes per
 * message for its headers, the provider's message object and the buffer entry. A text message's copy is estimated
 * from the copy ({@link TextMessageCopy#estimate}), with the same rule.
 */
final class MessageSize {

    static final int OVERHEAD = 256;
    static final int UNKNOWN_BODY = 1024;

    private final Class<?> textMessage;
    private final Class<?> bytesMessage;
    private final Class<?> mapMessage;
    private final Class<?> destination;
    /** Handles typed with Object for the message: {@code (Object)Object}, {@code (Object,String)Object}, {@code (Object)long}. */
    private final MethodHandle getPropertyNames;
    private final MethodHandle getObjectProperty;
    private final MethodHandle getText;
    private final LazyHandle getBodyLength;
    private final LazyHandle getMapNames;
    private final LazyHandle getMapObject;

    MessageSize(Class<?> message, Class<?> textMessage, Class<?> bytesMessage, Class<?> mapMessage, Class<?> destination) {
        this.textMessage = textMessage;
        this.bytesMessage = bytesMessage;
        this.mapMessage = mapMessage;
        this.destination = destination;
        this.getPropertyNames = JmsApi.handle(message, "getPropertyNames", Object.class);
        this.getObjectProperty = JmsApi.handle(message, "getObjectProperty", Object.class, String.class);
        this.getText = JmsApi.handle(textMessage, "getText", Object.class);
        this.getBodyLength = new LazyHandle(bytesMessage, "getBodyLength", long.class);
        this.getMapNames = new LazyHandle(mapMessage, "getMapNames", Object.class);
        this.getMapObject = new LazyHandle(mapMessage, "getObject", Object.class, String.class);
    }

    /** The estimate of the message or JMSProducer body of a send. */
    long estimate(Messages.Shape shape, Object[] args) {
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
                } else if (a != null && !destination.isInstance(a)) {
                    size += UNKNOWN_BODY;
                }
            }
        } catch (Throwable t) {
            Log.debug("estimating a message's size failed: {}", t.toString());
            size += UNKNOWN_BODY;
        }
        return size;
    }

    /** The estimate of a property or map value. */
    static long valueSize(Object v) {
        if (v instanceof String) {
            return 2L * ((String) v).length();
        }
        if (v instanceof byte[]) {
            return ((byte[]) v).length;
        }
        return 8;
    }

    private static long mapSize(Map<?, ?> map) {
        long size = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            size += valueSize(e.getKey()) + valueSize(e.getValue());
        }
        return size;
    }

    // invokeExact: the call site's types are the handle's, hence the casts through Object
    private long body(Object m) throws Throwable {
        if (textMessage.isInstance(m)) {
            String text = (String) (Object) getText.invokeExact(m);
            return text == null ? 0 : 2L * text.length();
        }
        if (bytesMessage.isInstance(m)) {
            try {
                return (long) getBodyLength.get().invokeExact(m);
            } catch (Exception e) {
                return UNKNOWN_BODY; // write-only after the send, for some providers
            }
        }
        if (mapMessage.isInstance(m)) {
            long size = 0;
            MethodHandle getObject = getMapObject.get();
            for (Enumeration<?> names = (Enumeration<?>) (Object) getMapNames.get().invokeExact(m); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                size += 2L * name.length() + valueSize((Object) getObject.invokeExact(m, name));
            }
            return size;
        }
        return UNKNOWN_BODY; // ObjectMessage, StreamMessage, or a plain Message (0, but headers are counted)
    }

    private long properties(Object m) throws Throwable {
        long size = 0;
        for (Enumeration<?> names = (Enumeration<?>) (Object) getPropertyNames.invokeExact(m); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            size += 2L * name.length() + valueSize((Object) getObjectProperty.invokeExact(m, name));
        }
        return size;
    }
}
