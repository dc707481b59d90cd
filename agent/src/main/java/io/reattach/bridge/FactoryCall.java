package io.reattach.bridge;

import java.lang.reflect.Method;

/** One outermost factory call that the engine manages, from {@link ReattachBridge#enter} to its exit. */
final class FactoryCall {
    private final JmsHook hook;
    private final Object factory;
    private final Method method;
    private final Object[] args;

    private FactoryCall(JmsHook hook, Object factory, Method method, Object[] args) {
        this.hook = hook;
        this.factory = factory;
        this.method = method;
        this.args = args;
    }

    /** The call, or null when the engine leaves it alone (see {@link ReattachBridge#enter}). */
    static FactoryCall enter(JmsHook hook, Object factory, String owner, String name, String descriptor, Object[] args) {
        FactoryType type = FactoryType.of(factory.getClass());
        if (!type.isConnectionFactory()) {
            return null;
        }
        Method method = type.method(owner, name, descriptor);
        if (method == null) {
            return null;
        }
        FactoryCall call = new FactoryCall(hook, factory, method, args);
        // Last: once the hook has said yes, its exit must be called, and nothing before the return can fail.
        return hook.enter(factory) ? call : null;
    }

    Object[] exit(Object result, Throwable thrown) {
        return hook.exit(factory, method, args, result, thrown);
    }
}
