package io.reattach.jms;

import java.lang.invoke.MethodHandle;

/**
 * A {@link JmsApi#handle} looked up on its first call. Each look-up spins classes in the JVM (about half a millisecond
 * on the first send of an application), and most of the handles serve what a healthy application never asks for: a
 * replay, a temporary destination's stand-in, a duplicate id, a bytes or map message.
 */
final class LazyHandle {
    private final Class<?> type;
    private final String name;
    private final Class<?> returned;
    private final Class<?>[] parameters;
    private volatile MethodHandle handle;

    LazyHandle(Class<?> type, String name, Class<?> returned, Class<?>... parameters) {
        this.type = type;
        this.name = name;
        this.returned = returned;
        this.parameters = parameters;
    }

    MethodHandle get() {
        MethodHandle h = handle;
        if (h == null) {
            h = JmsApi.handle(type, name, returned, parameters);
            handle = h;
        }
        return h;
    }
}
