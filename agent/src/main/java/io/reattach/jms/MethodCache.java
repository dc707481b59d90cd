package io.reattach.jms;

import java.lang.reflect.Method;
import java.util.IdentityHashMap;
import java.util.function.Function;

/**
 * What the engine decided about a method, found by the identity of the {@link Method} object: a proxy hands its
 * handler the same {@code Method} objects on every call (each proxy class keeps its own), so identity finds them at
 * once, where {@code Method.equals} would compare names and parameter types through a hash bucket that holds every
 * overload of the name ({@code MessageProducer} has eight {@code send}s). Reads take no lock: a new method replaces
 * the map with a larger copy. A caller that passes a new copy of a method each time would only fill it: past
 * {@value #LIMIT} methods, values are computed and not kept.
 */
final class MethodCache<V> {

    static final int LIMIT = 1024;

    private final Function<Method, V> compute;
    private volatile IdentityHashMap<Method, V> map = new IdentityHashMap<>();

    MethodCache(Function<Method, V> compute) {
        this.compute = compute;
    }

    V get(Method method) {
        V value = map.get(method);
        if (value == null) {
            value = compute.apply(method);
            if (map.size() >= LIMIT) {
                return value;
            }
            synchronized (this) {
                IdentityHashMap<Method, V> larger = new IdentityHashMap<>(map);
                larger.put(method, value);
                map = larger;
            }
        }
        return value;
    }
}
