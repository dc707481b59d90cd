package io.reattach.jms;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * A public instance method of a provider's own class that the agent calls by name (the Artemis client's
 * {@code getCoreSession}, say), found by the JVM's method lookup ({@link MethodHandles.Lookup#findVirtual}) once per
 * class. Not {@link Class#getMethod}: that first builds the reflection data of every public method of the class and of
 * its supertypes, loading every type those methods name, and copies the method on every call. On the Artemis client's
 * connection, session factory, session and core session those are a few hundred methods, on the way of the
 * application's first connection and session, and types it never loads itself (its consumer, XA and queue
 * configuration types: BENCHMARKS.md, "Time to first send").
 *
 * <p>The lookup needs the method's exact return and parameter types, given by name and loaded from the provider
 * class's own loader; a return type may have several names (one per JMS namespace), tried in order. Where the lookup
 * fails (a class that is not public, another version of the provider), {@link Class#getMethod} is the fallback, so a
 * method this class cannot find is one the provider does not have with those types.
 */
final class ProviderMethod {

    private final String name;
    private final String[] returnTypes;
    private final String[] parameterTypes;
    /** The method per class, as a handle of type (Object, Object...)Object; null when the class has none. */
    private final ClassValue<MethodHandle> handles = new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            return find(type);
        }
    };

    /**
     * @param returnTypes    the binary names of the return type, any of which it may be ({@code void} for none)
     * @param parameterTypes the binary names of the parameter types
     */
    ProviderMethod(String name, String[] returnTypes, String... parameterTypes) {
        this.name = name;
        this.returnTypes = returnTypes.clone();
        this.parameterTypes = parameterTypes.clone();
    }

    /** A method without parameters that returns {@code returnType}. */
    static ProviderMethod getter(String name, String returnType) {
        return new ProviderMethod(name, new String[]{returnType});
    }

    /**
     * Calls the method, which takes no parameter, on {@code target} and returns what it returned (null for void). An
     * exception of the method is thrown as it is, not wrapped.
     *
     * @throws NoSuchMethodException the target's class has no such public method
     */
    Object call(Object target) throws Throwable {
        return (Object) handleOf(target).invokeExact(target);
    }

    /** As {@link #call(Object)}, for a method of one parameter. */
    Object call(Object target, Object argument) throws Throwable {
        return (Object) handleOf(target).invokeExact(target, argument);
    }

    /** Whether instances of {@code type} have the method. */
    boolean isOn(Class<?> type) {
        return handles.get(type) != null;
    }

    private MethodHandle handleOf(Object target) throws NoSuchMethodException {
        MethodHandle handle = handles.get(target.getClass());
        if (handle == null) {
            throw new NoSuchMethodException(target.getClass().getName() + "." + name);
        }
        return handle;
    }

    private MethodHandle find(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        Class<?>[] parameters = new Class<?>[parameterTypes.length];
        try {
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] = load(parameterTypes[i], loader);
            }
        } catch (ClassNotFoundException e) {
            return null;
        }
        for (String returnType : returnTypes) {
            try {
                MethodType signature = MethodType.methodType(load(returnType, loader), parameters);
                return generic(MethodHandles.publicLookup().findVirtual(type, name, signature));
            } catch (ReflectiveOperationException | LinkageError | SecurityException notThisWay) {
                // another return type, or the fallback below
            }
        }
        try {
            Method m = type.getMethod(name, parameters);
            return Arrays.asList(returnTypes).contains(m.getReturnType().getName())
                    ? generic(MethodHandles.publicLookup().unreflect(m)) : null;
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return null;
        }
    }

    private static MethodHandle generic(MethodHandle handle) {
        return handle.asType(MethodType.genericMethodType(handle.type().parameterCount()));
    }

    private static Class<?> load(String typeName, ClassLoader loader) throws ClassNotFoundException {
        switch (typeName) {
            case "void":
                return void.class;
            case "boolean":
                return boolean.class;
            case "int":
                return int.class;
            case "long":
                return long.class;
            default:
                return Class.forName(typeName, false, loader);
        }
    }
}
