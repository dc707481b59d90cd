package io.reattach.jms;

/**
 * How the window's copy ({@link TextMessageCopy}) reads the application's properties of a provider's own message,
 * where the JMS API's {@code getPropertyNames} and {@code getObjectProperty} cost a non-persistent send too much:
 * {@link ArtemisMessageProperties}, {@link QpidMessageProperties}. Which one reads a message is decided once per
 * message class (an application may send messages of several classes, even of several providers), so a send asks one
 * {@code ClassValue}.
 */
abstract class ProviderMessageProperties {

    /** The application's properties of {@code message}, or null when this one cannot be read so (then the JMS API's way). */
    abstract TextMessageCopy.PropertyList read(Object message);

    private static final ClassValue<ProviderMessageProperties> BY_CLASS = new ClassValue<ProviderMessageProperties>() {
        @Override
        protected ProviderMessageProperties computeValue(Class<?> type) {
            ProviderMessageProperties reader = ArtemisMessageProperties.readerFor(type);
            if (reader == null) {
                reader = QpidMessageProperties.readerFor(type);
            }
            return reader == null ? NONE : reader;
        }
    };

    /** Messages of every other class: read the JMS API's way. */
    private static final ProviderMessageProperties NONE = new ProviderMessageProperties() {
        @Override
        TextMessageCopy.PropertyList read(Object message) {
            return null;
        }
    };

    /** The reader for messages of {@code messageClass}; null when no provider's own reading applies. */
    static ProviderMessageProperties of(Class<?> messageClass) {
        ProviderMessageProperties reader = BY_CLASS.get(messageClass);
        return reader == NONE ? null : reader;
    }
}
