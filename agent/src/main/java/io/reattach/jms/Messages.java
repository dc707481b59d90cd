package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.reflect.Method;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * What the send buffer needs to know about the messages of one JMS namespace, through the namespace's interfaces
 * (never a provider class): the shape of a send method, the delivery mode a send used, the size estimate of a
 * message, the duplicate-detection id, and the copy of a text message ({@link TextMessageCopy}). One per namespace
 * and class loader ({@link #of}): the application's connections share it, and what it resolves once. The size
 * estimate is {@link MessageSize}'s.
 */
final class Messages {

    static final int PERSISTENT = 2;
    static final int NON_PERSISTENT = 1;

    /** Keyed by the namespace's {@code Message} interface as the provider sees it; a class loader unloads with it. */
    private static final ClassValue<Messages> BY_MESSAGE_INTERFACE = new ClassValue<Messages>() {
        @Override
        protected Messages computeValue(Class<?> messageInterface) {
            return new Messages(JmsApi.forInterface(messageInterface));
        }
    };

    private final JmsApi api;
    private final Class<?> message;
    private final Class<?> completionListener;
    /** {@code CompletionListener.onCompletion(Message)} and {@code onException(Message, Exception)}; null on JMS 1.1. */
    private final Method onCompletion;
    private final Method onException;
    /** {@code Message.getJMSDeliveryMode()}: read after every send whose mode is not an argument. */
    private final ToIntFunction<Object> getDeliveryMode;
    private final LazyHandle getStringProperty;
    private final LazyHandle setStringProperty;
    /** {@code JMSProducer.getDeliveryMode()} as {@code (Object)int}; null on JMS 1.1. */
    private final LazyHandle getProducerDeliveryMode;
    /** {@code Message.getJMSReplyTo()} and {@code setJMSReplyTo(Destination)}, for temporary destinations. */
    private final LazyHandle getReplyTo;
    private final LazyHandle setReplyTo;
    private final MessageSize sizes;
    /**
     * Made on the first copy: its six getters are spun by {@code LambdaMetafactory}, about 1 ms each before the JIT
     * has run, and an application whose first sends are confirmed when they return (persistent ones) copies nothing.
     */
    private volatile TextMessageCopy.Reader textMessages;
    private final Class<?> textMessage;
    private final Class<?> destination;
    private final MethodCache<Shape> shapes = new MethodCache<>(new ShapeOf());
    private volatile ConfirmedSends confirmedSends;

    /** The one for the namespace of {@code api}. */
    static Messages of(JmsApi api) {
        return BY_MESSAGE_INTERFACE.get(api.load("Message"));
    }

    Messages(JmsApi api) {
        this.api = api;
        this.message = api.load("Message");
        this.completionListener = loadOrNull("CompletionListener");
        this.onCompletion = completionListener == null ? null : method(completionListener, "onCompletion", message);
        this.onException = completionListener == null ? null : method(completionListener, "onException", message, Exception.class);
        this.getDeliveryMode = JmsCalls.intGetter(message, "getJMSDeliveryMode");
        Class<?> jmsProducer = loadOrNull("JMSProducer");
        this.getProducerDeliveryMode = jmsProducer == null ? null : new LazyHandle(jmsProducer, "getDeliveryMode", int.class);
        this.getStringProperty = new LazyHandle(message, "getStringProperty", Object.class, String.class);
        this.setStringProperty = new LazyHandle(message, "setStringProperty", void.class, String.class, String.class);
        Class<?> textMessage = api.load("TextMessage");
        Class<?> destination = api.load("Destination");
        this.getReplyTo = new LazyHandle(message, "getJMSReplyTo", Object.class);
        this.setReplyTo = new LazyHandle(message, "setJMSReplyTo", void.class, destination);
        this.sizes = new MessageSize(message, textMessage, api.load("BytesMessage"), api.load("MapMessage"), destination);
        this.textMessage = textMessage;
        this.destination = destination;
    }

    /**
     * How the agent makes a plain send with a CompletionListener of its own ({@link SendConfirmation#ON_COMPLETION});
     * made on first use (it loads more of the namespace's interfaces).
     */
    ConfirmedSends confirmedSends() {
        ConfirmedSends c = confirmedSends;
        if (c == null) {
            c = new ConfirmedSends(api);
            confirmedSends = c;
        }
        return c;
    }

    /** A copy of a text message for the window, or null for other messages (kept as they are) or when unreadable. */
    TextMessageCopy copy(Object m) {
        return textMessages().copy(m);
    }

    private TextMessageCopy.Reader textMessages() {
        TextMessageCopy.Reader r = textMessages;
        if (r == null) {
            r = new TextMessageCopy.Reader(message, textMessage, destination);
            textMessages = r;
        }
        return r;
    }

    /** The message's {@code JMSReplyTo}. */
    Object replyTo(Object m) throws Throwable {
        return (Object) getReplyTo.get().invokeExact(m);
    }

    void setReplyTo(Object m, Object destination) throws Throwable {
        setReplyTo.get().invokeExact(m, destination);
    }

    /** A new text message from a copy, created by a session (or context) of the new connection. */
    Object rebuild(TextMessageCopy copy, Object session) throws Throwable {
        return textMessages().rebuild(copy, session);
    }

    private Class<?> loadOrNull(String simpleName) {
        try {
            return api.load(simpleName);
        } catch (IllegalStateException e) {
            return null; // JMS 1.1: no CompletionListener, no JMSProducer
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
        return shapes.get(send);
    }

    /** {@link #shapeOf}, for the cache. */
    private final class ShapeOf implements Function<Method, Shape> {
        @Override
        public Shape apply(Method send) {
            return shapeOf(send);
        }
    }

    private Shape shapeOf(Method send) {
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
        return new Shape(messageIndex, deliveryModeIndex, completionIndex,
                send.getDeclaringClass().getSimpleName().equals("JMSProducer"));
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
                return getDeliveryMode.applyAsInt(args[shape.messageIndex]) == PERSISTENT;
            }
            if (shape.jmsProducer && getProducerDeliveryMode != null) {
                return (int) getProducerDeliveryMode.get().invokeExact(target) == PERSISTENT;
            }
        } catch (Throwable t) {
            Log.debug("reading the delivery mode of a send failed: {}", t.toString());
        }
        return true; // unknown: a send that returned normally is taken as confirmed, as before the buffer existed
    }

    /** Whether a message the provider has sent was persistent; true when it cannot say. */
    boolean isPersistent(Object m) {
        try {
            return m == null || getDeliveryMode.applyAsInt(m) == PERSISTENT;
        } catch (Throwable t) {
            return true;
        }
    }

    /** The size estimate ({@link MessageSize}) of the message or JMSProducer body of a send. */
    long estimate(Shape shape, Object[] args) {
        return sizes.estimate(shape, args);
    }

    /**
     * Stamps a duplicate-detection id on a message, unless the application set one of its own there. An id the agent
     * stamped on an earlier send of the same message object is replaced: the message is a new send.
     *
     * @return the id now on the message, or null when none was stamped
     */
    String stampMessage(Object m, String property, String id, String agentPrefix) {
        try {
            Object existing = (Object) getStringProperty.get().invokeExact(m, property);
            if (existing != null && !existing.toString().startsWith(agentPrefix)) {
                return null; // the application's own id
            }
            setStringProperty.get().invokeExact(m, property, id);
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
        if (!ReceivedMessage.anyWrapped()) {
            return maybeHandle;
        }
        Object h = Proxies.handlerOf(maybeHandle);
        return h instanceof ReceivedMessage ? ((ReceivedMessage) h).delegate : maybeHandle;
    }
}
