package io.reattach.jms;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The application's properties of an ActiveMQ Artemis JMS message (javax and jakarta clients), read from its core
 * message for the window's copy ({@link TextMessageCopy}). The JMS layer's {@code getPropertyNames} builds two sets per
 * call and turns each name into a {@code String}, and each {@code getObjectProperty(String)} encodes the name into a
 * new {@code SimpleString} to look it up: the copy's share of a non-persistent send's sending thread was about as large
 * as the Qpid one was ({@link QpidMessageProperties}). Here the core message's property table hands each name and
 * value to the copy in one pass ({@code TypedProperties.forEach}), and they are mapped as the JMS layer maps them
 * ({@link #jmsName}). The same pass tells which of the correlation ID, type and reply-to headers the message has, so
 * that the copy asks the message only for those (most messages have none).
 *
 * <p>Provider-specific like the other provider code: found by class name in the message's own class loader, called
 * through {@link JmsCalls#providerCall}; where any part is missing or not allowed, {@link #readerFor} returns null and
 * the copy reads the JMS API's way ({@link ProviderMessageProperties}).
 */
final class ArtemisMessageProperties extends ProviderMessageProperties {

    static final String MESSAGE = "org.apache.activemq.artemis.jms.client.ActiveMQMessage";
    static final String CORE_MESSAGE = "org.apache.activemq.artemis.core.message.impl.CoreMessage";
    static final String TYPED_PROPERTIES = "org.apache.activemq.artemis.utils.collections.TypedProperties";
    /** The core names of the JMS headers the JMS client keeps among the properties ({@code MessageUtil}). */
    static final String CORRELATION_ID = "JMSCorrelationID";
    static final String TYPE = "JMSType";
    static final String REPLY_TO = "JMSReplyTo";

    private final Class<?> coreMessage;
    private final Function<Object, Object> getCoreMessage;
    private final Function<Object, Object> getProperties;
    /** {@code TypedProperties.forEach(BiConsumer<SimpleString, Object>)}: each name with its value. */
    private final BiConsumer<Object, Object> forEach;

    private ArtemisMessageProperties(Class<?> coreMessage, Function<Object, Object> getCoreMessage,
                                     Function<Object, Object> getProperties, BiConsumer<Object, Object> forEach) {
        this.coreMessage = coreMessage;
        this.getCoreMessage = getCoreMessage;
        this.getProperties = getProperties;
        this.forEach = forEach;
    }

    /** The reader for messages of {@code messageClass}; null when it is not an Artemis JMS message or cannot be read so. */
    static ArtemisMessageProperties readerFor(Class<?> messageClass) {
        Class<?> message = ProviderTuning.classNamed(messageClass, MESSAGE);
        if (message == null) {
            return null;
        }
        try {
            ClassLoader loader = message.getClassLoader();
            Class<?> core = Class.forName(CORE_MESSAGE, false, loader);
            Class<?> table = Class.forName(TYPED_PROPERTIES, false, loader);
            Function<Object, Object> getCore = JmsCalls.providerCall(message, "getCoreMessage");
            Function<Object, Object> properties = JmsCalls.providerCall(core, "getProperties");
            BiConsumer<Object, Object> forEach = JmsCalls.providerAction(table, "forEach", BiConsumer.class);
            return getCore == null || properties == null || forEach == null ? null
                    : new ArtemisMessageProperties(core, getCore, properties, forEach);
        } catch (ClassNotFoundException | LinkageError | IllegalStateException another) {
            return null; // another Artemis version or packaging: the JMS API's way
        }
    }

    /** Null when the message's core message is another kind, or it has no property table (then the JMS API's way). */
    @Override
    TextMessageCopy.PropertyList read(Object message) {
        Object core = getCoreMessage.apply(message);
        Object table = coreMessage.isInstance(core) ? getProperties.apply(core) : null;
        if (table == null) {
            return null;
        }
        Collector collector = new Collector();
        forEach.accept(table, collector);
        return collector;
    }

    /**
     * Takes each core name and value the table hands it that the JMS client lists as the application's: under its JMS
     * name, a {@code SimpleString} value as a String, as {@code getObjectProperty} returns it. It also notes which of
     * the headers the copy reads on their own the table holds: the JMS client keeps the correlation ID, the type and
     * the reply-to address in it ({@code MessageUtil}'s header names), and that table is what goes to the broker. A
     * header it does not hold is not there to copy, so the copy makes no call for it (each such getter takes the
     * table's lock and looks the name up again).
     */
    private static final class Collector extends TextMessageCopy.PropertyList implements BiConsumer<Object, Object> {

        Collector() {
            super(true);
        }

        @Override
        public void accept(Object coreName, Object value) {
            String core = coreName.toString();
            String name = jmsName(core);
            if (name == null) {
                sawHeaderNamed(core);
            } else if (!TextMessageCopy.isProviders(name)) {
                add(name, value instanceof CharSequence ? value.toString() : value); // SimpleString is a CharSequence
            }
        }

        private void sawHeaderNamed(String core) {
            if (core.equals(CORRELATION_ID)) {
                sawHeader(TextMessageCopy.CORRELATION_ID);
            } else if (core.equals(TYPE)) {
                sawHeader(TextMessageCopy.TYPE);
            } else if (core.equals(REPLY_TO)) {
                sawHeader(TextMessageCopy.REPLY_TO);
            }
        }
    }

    /**
     * The JMS name of a core property name, as the Artemis JMS client's {@code getPropertyNames} gives it
     * ({@code MessageUtil}), or null for a name it does not list: the message group's two headers are the JMSX
     * properties, the JMS headers the client keeps as properties ({@code JMSCorrelationID}, {@code JMSType},
     * {@code JMSReplyTo}, which the copy reads on their own), the connection id and the routing headers are not
     * properties. The provider's JMSX and {@code JMS_} properties are left to {@link TextMessageCopy#isProviders}.
     */
    static String jmsName(String coreName) {
        if (coreName.startsWith("_AMQ_")) {
            if (coreName.equals("_AMQ_GROUP_ID")) {
                return "JMSXGroupID";
            } else if (coreName.equals("_AMQ_GROUP_SEQUENCE")) {
                return "JMSXGroupSeq";
            } else if (coreName.equals("_AMQ_VALIDATED_USER")) {
                return "JMSXUserID";
            } else if (coreName.equals("_AMQ_ROUTING_TYPE") || coreName.startsWith("_AMQ_ROUTE_TO")) {
                return null;
            }
            return coreName; // _AMQ_DUPL_ID, for one: the application's duplicate-detection id
        }
        if (coreName.startsWith("__AMQ_CID")) {
            return null;
        }
        if (coreName.startsWith("JMS") && !coreName.startsWith("JMSX") && !coreName.startsWith("JMS_")) {
            return null;
        }
        return coreName;
    }
}
