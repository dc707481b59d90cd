package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the confirmation window keeps of a {@code TextMessage} instead of the provider's object: its text, its
 * properties and the headers a send does not set (correlation ID, type, reply-to). Taken when the send returns, so a
 * change the application makes to the message object afterwards (to send it again, say) does not reach the replay; and
 * it holds about what the size estimate says, where a provider's message can hold several times that (an Artemis
 * message keeps its encoded body besides the text). The text and the property values are the application's own
 * immutable objects, not copies of them.
 *
 * <p>Taking a copy is on the path of every non-persistent send: {@link Reader} reads the message through calls made
 * once per namespace ({@link JmsCalls}), the properties of an Artemis or Qpid message from the provider's own message
 * ({@link ProviderMessageProperties}); the copy keeps two objects (itself and one array of
 * names and values, shared when there are no properties).
 */
final class TextMessageCopy {

    private static final Object[] NO_PROPERTIES = new Object[0];
    static final String GROUP_ID = "JMSXGroupID";
    static final String GROUP_SEQ = "JMSXGroupSeq";
    /** The JMSX properties that JMS lets the application set (JMS 2.0, 3.5.9); the others are set by the provider. */
    private static final String[] APPLICATION_JMSX = {GROUP_ID, GROUP_SEQ};

    private final String text;
    /** Names and values of the application's properties, alternating; the slots after {@link #propertyCount} are null. */
    private final Object[] properties;
    private final int propertyCount;
    private final String correlationId;
    private final String type;
    private final Object replyTo;
    /** Computed while copying: the copy is taken once and its size is read at once. */
    private final long estimate;

    private TextMessageCopy(String text, PropertyList properties, String correlationId, String type, Object replyTo) {
        this.text = text;
        this.properties = properties.pairs;
        this.propertyCount = properties.count;
        this.correlationId = correlationId;
        this.type = type;
        this.replyTo = replyTo;
        long size = MessageSize.OVERHEAD + (text == null ? 0 : 2L * text.length());
        for (int i = 0; i < propertyCount; i++) {
            size += 2L * propertyName(i).length() + MessageSize.valueSize(propertyValue(i));
        }
        this.estimate = size;
    }

    String text() {
        return text;
    }

    /** The number of properties copied. */
    int propertyCount() {
        return propertyCount;
    }

    String propertyName(int i) {
        return (String) properties[2 * i];
    }

    Object propertyValue(int i) {
        return properties[2 * i + 1];
    }

    String correlationId() {
        return correlationId;
    }

    String type() {
        return type;
    }

    Object replyTo() {
        return replyTo;
    }

    /** The size estimate of the message it copies ({@link MessageSize}). */
    long estimate() {
        return estimate;
    }

    /**
     * Whether a property is the provider's: the JMSX properties other than {@link #APPLICATION_JMSX}, set on send (and
     * most not settable by the application), and the provider-specific {@code JMS_} ones.
     */
    static boolean isProviders(String name) {
        if (name.startsWith("JMS_")) {
            return true;
        }
        if (!name.startsWith("JMSX")) {
            return false;
        }
        for (String settable : APPLICATION_JMSX) {
            if (settable.equals(name)) {
                return false;
            }
        }
        return true;
    }

    /** The headers a copy reads on their own, as bits of {@link PropertyList#headers}. */
    static final int CORRELATION_ID = 1;
    static final int TYPE = 2;
    static final int REPLY_TO = 4;
    private static final int ALL_HEADERS = CORRELATION_ID | TYPE | REPLY_TO;

    /**
     * The names and values of the properties a copy takes, in one array that grows as they come; and which of the
     * headers the copy reads on their own the message may have.
     */
    static class PropertyList {
        private Object[] pairs = NO_PROPERTIES;
        private int count;
        /**
         * The headers the message may have: all, unless the reader saw every entry of a table that holds them too
         * ({@link ArtemisMessageProperties}); the copy asks the message only for these.
         */
        private int headers = ALL_HEADERS;

        PropertyList() {
        }

        /** A list whose reader tells each header it sees ({@link #sawHeader}): the others are known to be absent. */
        PropertyList(boolean readerSeesHeaders) {
            headers = readerSeesHeaders ? 0 : ALL_HEADERS;
        }

        final void sawHeader(int header) {
            headers |= header;
        }

        final boolean mayHave(int header) {
            return (headers & header) != 0;
        }

        final void add(String name, Object value) {
            int n = 2 * count;
            if (n == pairs.length) {
                pairs = Arrays.copyOf(pairs, n == 0 ? 2 : 2 * n);
            }
            pairs[n] = name;
            pairs[n + 1] = value;
            count++;
        }

        final int count() {
            return count;
        }

        final String name(int i) {
            return (String) pairs[2 * i];
        }
    }

    /** A message class and its provider's reader of properties, or null where the JMS API reads them. */
    private static final class ProviderReader {
        static final ProviderReader NONE = new ProviderReader(null, null);
        final Class<?> messageClass;
        final ProviderMessageProperties reader;

        ProviderReader(Class<?> messageClass, ProviderMessageProperties reader) {
            this.messageClass = messageClass;
            this.reader = reader;
        }
    }

    /** Reads and rebuilds the text messages of one namespace; one per namespace and class loader ({@link Messages}). */
    static final class Reader {

        private final Class<?> textMessage;
        private final Function<Object, Object> getPropertyNames;
        private final BiFunction<Object, String, Object> getObjectProperty;
        private final Function<Object, Object> getText;
        private final Function<Object, Object> getCorrelationId;
        private final Function<Object, Object> getType;
        private final Function<Object, Object> getReplyTo;
        /** The replay's side, off the send path: handles typed {@code (Object, ...)void} ({@link JmsApi#handle}). */
        private final LazyHandle setObjectProperty;
        private final LazyHandle setCorrelationId;
        private final LazyHandle setType;
        private final LazyHandle setReplyTo;
        /**
         * The provider's reader of the message class copied last, decided: an application sends messages of one class
         * over and over, and comparing the class is cheaper than {@link ProviderMessageProperties#of}'s lookup. A plain
         * field: a {@link ProviderReader} is immutable, and a stale one costs only a lookup.
         */
        private ProviderReader last = ProviderReader.NONE;

        Reader(Class<?> message, Class<?> textMessage, Class<?> destination) {
            this.textMessage = textMessage;
            this.getPropertyNames = JmsCalls.getter(message, "getPropertyNames");
            this.getObjectProperty = JmsCalls.getter(message, "getObjectProperty", String.class);
            this.getText = JmsCalls.getter(textMessage, "getText");
            this.getCorrelationId = JmsCalls.getter(message, "getJMSCorrelationID");
            this.getType = JmsCalls.getter(message, "getJMSType");
            this.getReplyTo = JmsCalls.getter(message, "getJMSReplyTo");
            this.setObjectProperty = new LazyHandle(message, "setObjectProperty", void.class, String.class, Object.class);
            this.setCorrelationId = new LazyHandle(message, "setJMSCorrelationID", void.class, String.class);
            this.setType = new LazyHandle(message, "setJMSType", void.class, String.class);
            this.setReplyTo = new LazyHandle(message, "setJMSReplyTo", void.class, destination);
        }

        /** A copy of a text message, or null for other messages or when it cannot be read. */
        TextMessageCopy copy(Object m) {
            if (m == null || !textMessage.isInstance(m)) {
                return null;
            }
            try {
                ProviderReader last = this.last;
                if (last.messageClass != m.getClass()) {
                    last = new ProviderReader(m.getClass(), ProviderMessageProperties.of(m.getClass()));
                    this.last = last;
                }
                ProviderMessageProperties provider = last.reader;
                PropertyList properties = provider == null ? null : provider.read(m);
                if (properties == null) {
                    properties = readThroughJmsApi(m);
                }
                return new TextMessageCopy((String) getText.apply(m), properties,
                        properties.mayHave(CORRELATION_ID) ? (String) getCorrelationId.apply(m) : null,
                        properties.mayHave(TYPE) ? (String) getType.apply(m) : null,
                        properties.mayHave(REPLY_TO) ? getReplyTo.apply(m) : null);
            } catch (Throwable t) {
                Log.debug("a text message could not be copied for the send buffer; the message object is kept: {}", t.toString());
                return null;
            }
        }

        private PropertyList readThroughJmsApi(Object m) {
            PropertyList properties = new PropertyList();
            for (Enumeration<?> names = (Enumeration<?>) getPropertyNames.apply(m); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                if (!isProviders(name)) {
                    properties.add(name, getObjectProperty.apply(m, name));
                }
            }
            return properties;
        }

        /** A new text message from the copy, created by a session (or context) of the new connection. */
        Object rebuild(TextMessageCopy c, Object session) throws Throwable {
            Object m;
            try {
                m = JmsApi.interfaceMethod(session, "createTextMessage", String.class).invoke(session, c.text);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
            MethodHandle setProperty = setObjectProperty.get();
            for (int i = 0, n = c.propertyCount(); i < n; i++) {
                setProperty.invokeExact(m, c.propertyName(i), c.propertyValue(i));
            }
            if (c.correlationId != null) {
                setCorrelationId.get().invokeExact(m, c.correlationId);
            }
            if (c.type != null) {
                setType.get().invokeExact(m, c.type);
            }
            if (c.replyTo != null) {
                setReplyTo.get().invokeExact(m, c.replyTo);
            }
            return m;
        }
    }
}
