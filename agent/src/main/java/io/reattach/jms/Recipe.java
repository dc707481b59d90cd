package io.reattach.jms;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to build a managed object again on a new parent: the call that created it and the setters the application
 * applied since, in the order applied, the last value of each winning. The arguments are kept as the application gave
 * them; a temporary destination among them is replaced by what stands for it on the new connection
 * ({@link TemporaryDestinations}).
 */
final class Recipe {

    private static final Object[] NO_ARGS = new Object[0];

    /** One recorded setter call. */
    private static final class SetterCall {
        final Method method;
        final Object[] args;

        SetterCall(Method method, Object[] args) {
            this.method = method;
            this.args = args;
        }
    }

    /** Null for the root, which the factory creates. */
    private final Method creator;
    private final Object[] creatorArgs;
    /** Null for the root, whose setters name no destination. */
    private final TemporaryDestinations temps;
    /** Keyed by method and, for {@code setProperty}, the property name; re-inserted on each call to keep the order. */
    private final Map<String, SetterCall> setters = new LinkedHashMap<>();

    /** The root's recipe: the factory creates it, and only its setters are replayed. */
    Recipe(Method creator, Object[] creatorArgs) {
        this(creator, creatorArgs, null);
    }

    Recipe(Method creator, Object[] creatorArgs, TemporaryDestinations temps) {
        this.creator = creator;
        this.creatorArgs = creatorArgs == null ? NO_ARGS : creatorArgs.clone();
        this.temps = temps;
    }

    /** Creates the object on the parent's provider object of the connection in use now. */
    Object create(Object parentDelegate) throws Throwable {
        return create(parentDelegate, temps == null ? null : temps.current());
    }

    /**
     * Creates the object on the parent's provider object and applies the recorded setters.
     *
     * @param scope the temporary destinations of the connection the parent belongs to
     */
    Object create(Object parentDelegate, TemporaryDestinations.Scope scope) throws Throwable {
        Object fresh;
        try {
            fresh = creator.invoke(parentDelegate, translated(creatorArgs, scope, parentDelegate));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        applySetters(fresh, scope, parentDelegate);
        return fresh;
    }

    /** Applies the recorded setters of the root (which name no destination). */
    void applySetters(Object target) throws Throwable {
        applySetters(target, null, null);
    }

    private void applySetters(Object target, TemporaryDestinations.Scope scope, Object session) throws Throwable {
        List<SetterCall> calls;
        synchronized (setters) {
            calls = new ArrayList<>(setters.values());
        }
        for (SetterCall call : calls) {
            try {
                call.method.invoke(target, translated(call.args, scope, session));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private Object[] translated(Object[] args, TemporaryDestinations.Scope scope, Object session) throws Throwable {
        return temps == null || scope == null ? args : temps.translateArgs(args, scope, session);
    }

    void record(Method method, Object[] args) {
        String key = key(method.getName(), method) + (method.getName().equals("setProperty") ? "=" + args[0] : "");
        synchronized (setters) {
            setters.remove(key);
            setters.put(key, new SetterCall(method, args == null ? NO_ARGS : args.clone()));
        }
    }

    /** Hands the creating call's arguments and those of each recorded setter call, as the application gave them. */
    void forEachArgument(java.util.function.Consumer<Object[]> action) {
        action.accept(creatorArgs);
        List<SetterCall> calls;
        synchronized (setters) {
            calls = new ArrayList<>(setters.values());
        }
        for (SetterCall call : calls) {
            action.accept(call.args);
        }
    }

    /** Whether a call of the setter {@code name} is recorded. */
    boolean records(String name) {
        synchronized (setters) {
            for (SetterCall call : setters.values()) {
                if (call.method.getName().equals(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Forgets every recorded call of the setter {@code name} ({@code JMSProducer.clearProperties}). */
    void forget(String name) {
        synchronized (setters) {
            for (Iterator<SetterCall> calls = setters.values().iterator(); calls.hasNext(); ) {
                if (calls.next().method.getName().equals(name)) {
                    calls.remove();
                }
            }
        }
    }

    private static String key(String name, Method method) {
        return name + Arrays.toString(method.getParameterTypes());
    }
}
