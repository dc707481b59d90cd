package io.reattach.jms;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Calls of JMS interface methods on the path of every send (the getters of the text-message copy, the delivery mode),
 * from code compiled against no JMS API. Each is a {@code java.util.function} object made by {@link LambdaMetafactory}
 * in the JMS API's own package and class loader (with the caller {@link PackageLookup} finds there): a small class
 * whose method casts to the interface and calls it, ordinary bytecode
 * that the JIT compiles and inlines like the application's own call. Method handles held in fields (which the JIT
 * cannot treat as constants) reach the same speed only after each is specialised and compiled on its own, which cost a
 * short-lived application most of the agent's overhead per send (BENCHMARKS.md, "Send throughput").
 *
 * <p>Where the JVM does not let the agent define that class next to the interface (Java 8; a JMS API in a named
 * module that does not open its package), the call goes through a method handle instead: the same
 * result, only slower to warm up. Exceptions of the JMS method propagate unchanged (and unchecked, as far as the
 * compiler knows): callers catch {@code Throwable}.
 */
final class JmsCalls {

    private JmsCalls() {
    }

    /** {@code type.name()}: an object from a method without parameters. */
    @SuppressWarnings("unchecked")
    static Function<Object, Object> getter(Class<?> type, String name) {
        Method method = method(type, name);
        Object direct = lambda(method, Function.class, MethodType.methodType(Object.class, Object.class));
        if (direct != null) {
            return (Function<Object, Object>) direct;
        }
        return new ThroughHandle(JmsApi.handle(type, name, Object.class));
    }

    /** {@code type.name(String)}: an object from a method with one String parameter. */
    @SuppressWarnings("unchecked")
    static BiFunction<Object, String, Object> getter(Class<?> type, String name, Class<?> parameter) {
        Method method = method(type, name, parameter);
        Object direct = lambda(method, BiFunction.class, MethodType.methodType(Object.class, Object.class, Object.class));
        if (direct != null) {
            return (BiFunction<Object, String, Object>) direct;
        }
        return new ThroughHandleWithArgument(JmsApi.handle(type, name, Object.class, parameter));
    }

    /**
     * {@code type.name(parameter)} of a provider's class, off the JMS API ({@link QpidMessageProperties}): null where the
     * JVM does not let the agent define the call next to that class, for the caller to read the JMS API's way instead.
     */
    @SuppressWarnings("unchecked")
    static BiFunction<Object, Object, Object> providerCall(Class<?> type, String name, Class<?> parameter) {
        return (BiFunction<Object, Object, Object>) lambda(method(type, name, parameter), BiFunction.class,
                MethodType.methodType(Object.class, Object.class, Object.class));
    }

    /** {@code type.name()} of a provider's class: as {@link #providerCall(Class, String, Class)}, null where not allowed. */
    @SuppressWarnings("unchecked")
    static Function<Object, Object> providerCall(Class<?> type, String name) {
        return (Function<Object, Object>) lambda(method(type, name), Function.class, MethodType.methodType(Object.class, Object.class));
    }

    /** {@code type.name(parameter)} of a provider's class that returns nothing: as {@link #providerCall}, null where not allowed. */
    @SuppressWarnings("unchecked")
    static BiConsumer<Object, Object> providerAction(Class<?> type, String name, Class<?> parameter) {
        return (BiConsumer<Object, Object>) lambda(method(type, name, parameter), BiConsumer.class,
                MethodType.methodType(void.class, Object.class, Object.class));
    }

    /** {@code type.name()}: an int from a method without parameters. */
    @SuppressWarnings("unchecked")
    static ToIntFunction<Object> intGetter(Class<?> type, String name) {
        Method method = method(type, name);
        Object direct = lambda(method, ToIntFunction.class, MethodType.methodType(int.class, Object.class));
        if (direct != null) {
            return (ToIntFunction<Object>) direct;
        }
        return new ThroughHandle(JmsApi.handle(type, name, int.class));
    }

    /**
     * A call of a method without parameters through a method handle, where the JVM does not allow {@link #lambda}: each
     * instance is used as the one of the two its handle's type fits.
     */
    private static final class ThroughHandle implements Function<Object, Object>, ToIntFunction<Object> {
        private final MethodHandle h;

        ThroughHandle(MethodHandle h) {
            this.h = h;
        }

        /** {@code (Object)Object}. */
        @Override
        public Object apply(Object m) {
            try {
                return (Object) h.invokeExact(m);
            } catch (Throwable t) {
                throw JmsCalls.<RuntimeException>rethrow(t);
            }
        }

        /** {@code (Object)int}. */
        @Override
        public int applyAsInt(Object m) {
            try {
                return (int) h.invokeExact(m);
            } catch (Throwable t) {
                throw JmsCalls.<RuntimeException>rethrow(t);
            }
        }
    }

    /** {@link ThroughHandle} for a method with one String parameter. */
    private static final class ThroughHandleWithArgument implements BiFunction<Object, String, Object> {
        private final MethodHandle h;

        ThroughHandleWithArgument(MethodHandle h) {
            this.h = h;
        }

        @Override
        public Object apply(Object m, String a) {
            try {
                return (Object) h.invokeExact(m, a);
            } catch (Throwable t) {
                throw JmsCalls.<RuntimeException>rethrow(t);
            }
        }
    }

    /**
     * An instance of {@code functional} whose one method calls {@code method}, defined next to the method's interface;
     * null when the JVM does not allow it.
     */
    private static Object lambda(Method method, Class<?> functional, MethodType erased) {
        MethodHandles.Lookup inType = PackageLookup.in(method.getDeclaringClass());
        if (inType == null) {
            return null;
        }
        try {
            MethodHandle impl = inType.unreflect(method);
            MethodType instantiated = impl.type();
            CallSite site = LambdaMetafactory.metafactory(inType, functionalMethodName(functional),
                    MethodType.methodType(functional), erased, impl, instantiated);
            return site.getTarget().invoke();
        } catch (Throwable refused) {
            return null; // no access next to the interface (another module or class loader): a method handle, below
        }
    }

    private static String functionalMethodName(Class<?> functional) {
        return functional == ToIntFunction.class ? "applyAsInt" : functional == BiConsumer.class ? "accept" : "apply";
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + "." + name, e);
        }
    }

    /** Throws {@code t} as it is: the method the handle calls may throw a checked exception (JMSException). */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }
}
