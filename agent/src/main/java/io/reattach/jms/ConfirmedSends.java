package io.reattach.jms;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the agent makes an application's plain send with a {@code CompletionListener} of its own, for a provider whose
 * send does not wait for the broker ({@link SendConfirmation#ON_COMPLETION}): the send stays in the window until the
 * listener hears the broker's confirmation. A {@code MessageProducer} send becomes the {@code send} with the same
 * arguments and the listener ({@code QueueSender}'s and {@code TopicPublisher}'s own methods map to it: a Queue or a
 * Topic is a Destination); a {@code JMSProducer} gets the listener through {@code setAsync} for the one call, and its
 * own setting back after it.
 */
final class ConfirmedSends {

    private final Class<?> messageProducer;
    private final Class<?> destination;
    private final Class<?> queue;
    private final Class<?> topic;
    private final Class<?> completionListener;
    private final Map<Method, Optional<Method>> variants = new ConcurrentHashMap<>();

    ConfirmedSends(JmsApi api) {
        this.messageProducer = api.load("MessageProducer");
        this.destination = api.load("Destination");
        this.queue = api.load("Queue");
        this.topic = api.load("Topic");
        Class<?> listener;
        try {
            listener = api.load("CompletionListener");
        } catch (IllegalStateException e) {
            listener = null; // JMS 1.1
        }
        this.completionListener = listener;
    }

    /**
     * The {@code MessageProducer.send} that takes {@code send}'s arguments and then a CompletionListener; null for a
     * {@code JMSProducer}'s send (see {@link #call}) and on JMS 1.1, which has no CompletionListener.
     */
    Method variantOf(Method send) {
        if (completionListener == null) {
            return null;
        }
        Optional<Method> variant = variants.get(send);
        if (variant == null) {
            variant = lookUp(send);
            variants.put(send, variant); // two threads may look the same method up: they find the same variant
        }
        return variant.orElse(null);
    }

    private Optional<Method> lookUp(Method send) {
        Class<?>[] types = send.getParameterTypes();
        Class<?>[] with = Arrays.copyOf(types, types.length + 1);
        for (int i = 0; i < types.length; i++) {
            if (types[i] == queue || types[i] == topic) {
                with[i] = destination;
            }
        }
        with[types.length] = completionListener;
        try {
            return Optional.of(messageProducer.getMethod("send", with));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    /** Whether the namespace has CompletionListener at all (JMS 2.0 and later). */
    boolean available() {
        return completionListener != null;
    }

    /**
     * Calls a send; a {@code JMSProducer}'s with {@code asyncListener} set for this one call (null: a plain call).
     * Failures of the call, and of {@code setAsync} before it, come as the InvocationTargetException of a reflective
     * call; restoring the producer's own setting afterwards never fails the send.
     */
    static Object call(Object target, Method send, Object[] args, Object asyncListener) throws ReflectiveOperationException {
        if (asyncListener == null) {
            return send.invoke(target, args);
        }
        Method getAsync = JmsApi.interfaceMethod(target, "getAsync");
        Method setAsync = JmsApi.interfaceMethod(target, "setAsync", getAsync.getReturnType());
        Object own = getAsync.invoke(target);
        setAsync.invoke(target, asyncListener);
        try {
            return send.invoke(target, args);
        } finally {
            try {
                setAsync.invoke(target, own);
            } catch (InvocationTargetException ignored) {
                // the producer's context is closing or dead: its setting no longer matters
            }
        }
    }
}
