package io.reattach.jms;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The application's properties of a Qpid JMS message (1.x and 2.x), read from its AMQP facade for the window's copy
 * ({@link TextMessageCopy}). Qpid's own {@code getPropertyNames} fills three sets per call and asks each of its JMSX and
 * {@code JMS_AMQP} interceptors whether its property exists: 13% of the sending thread of a non-persistent send with the
 * agent (BENCHMARKS.md, "Send throughput"), for names the copy then skips. The facade's application properties are
 * exactly what the application set with {@code setXxxProperty}, with the values {@code getObjectProperty} returns. The
 * two JMSX properties an application may set ({@code JMSXGroupID}, {@code JMSXGroupSeq}) are fields of the AMQP
 * message's properties section, read from the facade too: Qpid's {@code getObjectProperty} reaches them through its
 * interceptor table, a fifth of the code the JIT compiled for the copy (BENCHMARKS.md, "Send throughput").
 *
 * <p>Provider-specific like the other provider code: found by class name in the message's own class loader, called
 * through {@link JmsCalls#providerCall}; where any part is missing or not allowed, {@link #readerFor} returns null and
 * the copy reads the JMS API's way ({@link ProviderMessageProperties}).
 */
final class QpidMessageProperties extends ProviderMessageProperties {

    static final String MESSAGE = "org.apache.qpid.jms.message.JmsMessage";
    static final String AMQP_FACADE = "org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade";

    private static final Integer NO_GROUP_SEQUENCE = 0;

    private final Class<?> amqpFacade;
    private final Function<Object, Object> getFacade;
    private final BiFunction<Object, Object, Object> getApplicationPropertyNames;
    private final BiFunction<Object, Object, Object> getApplicationProperty;
    private final Function<Object, Object> getGroupId;
    private final Function<Object, Object> getGroupSequence;

    private QpidMessageProperties(Class<?> amqpFacade, Function<Object, Object> getFacade,
                                  BiFunction<Object, Object, Object> getApplicationPropertyNames,
                                  BiFunction<Object, Object, Object> getApplicationProperty,
                                  Function<Object, Object> getGroupId, Function<Object, Object> getGroupSequence) {
        this.amqpFacade = amqpFacade;
        this.getFacade = getFacade;
        this.getApplicationPropertyNames = getApplicationPropertyNames;
        this.getApplicationProperty = getApplicationProperty;
        this.getGroupId = getGroupId;
        this.getGroupSequence = getGroupSequence;
    }

    /** The reader for messages of {@code messageClass}; null when it is not a Qpid JMS message or cannot be read so. */
    static QpidMessageProperties readerFor(Class<?> messageClass) {
        Class<?> message = ProviderTuning.classNamed(messageClass, MESSAGE);
        if (message == null) {
            return null;
        }
        try {
            Class<?> facade = Class.forName(AMQP_FACADE, false, message.getClassLoader());
            Function<Object, Object> getFacade = JmsCalls.providerCall(message, "getFacade");
            BiFunction<Object, Object, Object> names = JmsCalls.providerCall(facade, "getApplicationPropertyNames", Set.class);
            BiFunction<Object, Object, Object> value = JmsCalls.providerCall(facade, "getApplicationProperty", String.class);
            Function<Object, Object> groupId = JmsCalls.providerCall(facade, "getGroupId");
            Function<Object, Object> groupSequence = JmsCalls.providerCall(facade, "getGroupSequence"); // int, boxed
            return getFacade == null || names == null || value == null || groupId == null || groupSequence == null ? null
                    : new QpidMessageProperties(facade, getFacade, names, value, groupId, groupSequence);
        } catch (ClassNotFoundException | LinkageError | IllegalStateException another) {
            return null; // another Qpid version or packaging: the JMS API's way
        }
    }

    /**
     * Null when the message's facade is another kind, or this Qpid fills the set of names another way (then the JMS
     * API's way).
     */
    @Override
    TextMessageCopy.PropertyList read(Object message) {
        Object facade = getFacade.apply(message);
        if (!amqpFacade.isInstance(facade)) {
            return null;
        }
        Names names = new Names(facade);
        if (getApplicationPropertyNames.apply(facade, names) != names) {
            return null;
        }
        TextMessageCopy.PropertyList properties = names.properties;
        Object groupId = getGroupId.apply(facade);
        if (groupId != null) {
            properties.add(TextMessageCopy.GROUP_ID, groupId);
        }
        Object groupSequence = getGroupSequence.apply(facade);
        if (!NO_GROUP_SEQUENCE.equals(groupSequence)) { // Qpid's own reading: a sequence of 0 does not exist as a property
            properties.add(TextMessageCopy.GROUP_SEQ, groupSequence);
        }
        return properties;
    }

    /**
     * The set that the facade's {@code getApplicationPropertyNames(Set)} adds its names to: each name goes straight into
     * the copy's list with its value, so a send builds no set of its own. The facade adds each name once (the keys of
     * its map) and returns the set it was given.
     */
    private final class Names extends AbstractSet<String> {
        final TextMessageCopy.PropertyList properties = new TextMessageCopy.PropertyList();
        private final Object facade;

        Names(Object facade) {
            this.facade = facade;
        }

        @Override
        public boolean add(String name) {
            properties.add(name, getApplicationProperty.apply(facade, name));
            return true;
        }

        @Override
        public Iterator<String> iterator() {
            return new Iterator<String>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < properties.count();
                }

                @Override
                public String next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return properties.name(next++);
                }
            };
        }

        @Override
        public int size() {
            return properties.count();
        }
    }
}
