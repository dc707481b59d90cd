package io.reattach.jms;

import io.reattach.log.Log;
import io.reattach.weave.ProxyClassFile;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxies that stand in for the provider's objects (and the listeners the agent hands the provider). Each is an
 * instance of a class that {@link ProxyClassFile} writes, defined next to the JMS interfaces it implements, in their
 * package and class loader: it behaves as a {@code java.lang.reflect.Proxy} does, but costs a fraction of the JDK's
 * proxy generator on the application's first {@code createConnection} (BENCHMARKS.md, "Time to first send"). Where the
 * JVM does not let the agent define a class there (Java 8; a JMS API in a named module that does not open its package;
 * interfaces of several class loaders), the JDK's {@code Proxy} is used instead: the same behaviour, slower to make.
 *
 * <p>One class per list of interfaces, made once and kept with the first interface ({@link ClassValue}), so that a JMS
 * API's class loader can still be unloaded.
 */
final class Proxies {

    private static final AtomicInteger NUMBER = new AtomicInteger();

    /** Per first interface: the proxy types made for the interface lists that begin with it. */
    private static final ClassValue<Map<List<Class<?>>, Type>> TYPES = new ClassValue<Map<List<Class<?>>, Type>>() {
        @Override
        protected Map<List<Class<?>>, Type> computeValue(Class<?> firstInterface) {
            return new ConcurrentHashMap<>();
        }
    };

    /** The classes defined here; weak, so that their class loaders can go. */
    private static final Map<Class<?>, Boolean> DEFINED = new WeakHashMap<>();

    /** Per class: the handler field of a proxy class defined here, null for every other class. */
    private static final ClassValue<Field> HANDLER_FIELD = new ClassValue<Field>() {
        @Override
        protected Field computeValue(Class<?> type) {
            synchronized (DEFINED) {
                if (!DEFINED.containsKey(type)) {
                    return null;
                }
            }
            try {
                Field h = type.getDeclaredField("h");
                h.setAccessible(true);
                return h;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    };

    private Proxies() {
    }

    /** A proxy implementing {@code interfaces} (public, of one namespace) whose calls go to {@code handler}. */
    static Object newProxy(ClassLoader loader, Class<?>[] interfaces, InvocationHandler handler) {
        if (interfaces.length > 0) {
            Map<List<Class<?>>, Type> types = TYPES.get(interfaces[0]);
            List<Class<?>> key = Arrays.asList(interfaces);
            Type type = types.get(key);
            if (type == null) { // two threads may both define one: the first kept wins, the other class goes unused
                Type made = define(key);
                type = types.putIfAbsent(key, made);
                type = type == null ? made : type;
            }
            if (type != Type.NONE) {
                try {
                    return type.constructor.newInstance(handler, type.methods);
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    Log.debug("a proxy of {} could not be made; java.lang.reflect.Proxy instead: {}", interfaces[0].getName(), e.toString());
                }
            }
        }
        return Proxy.newProxyInstance(loader, interfaces, handler);
    }

    /** The handler of a proxy made here or by {@code java.lang.reflect.Proxy}; null for any other object. */
    static InvocationHandler handlerOf(Object maybeProxy) {
        if (maybeProxy == null) {
            return null;
        }
        Class<?> type = maybeProxy.getClass();
        Field h = HANDLER_FIELD.get(type);
        if (h != null) {
            try {
                return (InvocationHandler) h.get(maybeProxy);
            } catch (IllegalAccessException e) {
                return null; // made accessible when found
            }
        }
        return Proxy.isProxyClass(type) ? Proxy.getInvocationHandler(maybeProxy) : null;
    }

    /**
     * The methods a proxy of these interfaces implements: Object's {@code hashCode}, {@code equals} and
     * {@code toString}, then each public instance method of the interfaces once per name, parameter types and return
     * type (an interface may narrow an inherited method's return type; the class then has both, as Proxy's has).
     */
    static Method[] methodsOf(List<Class<?>> interfaces) throws NoSuchMethodException {
        List<Method> methods = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Method m : new Method[]{Object.class.getMethod("hashCode"), Object.class.getMethod("equals", Object.class),
                Object.class.getMethod("toString")}) {
            methods.add(m);
            seen.add(signature(m, false));
        }
        for (Class<?> i : interfaces) {
            for (Method m : i.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers()) && !seen.contains(signature(m, false)) && seen.add(signature(m, true))) {
                    methods.add(m);
                }
            }
        }
        return methods.toArray(new Method[0]);
    }

    private static String signature(Method m, boolean withReturnType) {
        StringBuilder s = new StringBuilder(m.getName()).append('(');
        for (Class<?> p : m.getParameterTypes()) {
            s.append(p.getName()).append(';');
        }
        s.append(')');
        return withReturnType ? s.append(m.getReturnType().getName()).toString() : s.toString();
    }

    private static Type define(List<Class<?>> interfaces) {
        if (!PackageLookup.canDefineClasses()) {
            return Type.NONE;
        }
        Class<?> first = interfaces.get(0);
        try {
            for (Class<?> i : interfaces) {
                if (i.getClassLoader() != first.getClassLoader() || !i.isInterface() || !Modifier.isPublic(i.getModifiers())
                        || !packageOf(i).equals(packageOf(first))) {
                    return Type.NONE; // a class of one package and loader cannot implement them all: Proxy's rules apply
                }
            }
            Method[] methods = methodsOf(interfaces);
            String name = packageOf(first) + ".$ReattachProxy" + NUMBER.incrementAndGet();
            byte[] classFile = ProxyClassFile.write(name, interfaces.toArray(new Class<?>[0]), methods);
            Class<?> type = PackageLookup.defineNextTo(first, classFile);
            synchronized (DEFINED) {
                DEFINED.put(type, Boolean.TRUE);
            }
            return new Type(type.getConstructor(InvocationHandler.class, Method[].class), methods);
        } catch (Throwable t) {
            Log.debug("no proxy class next to {}; java.lang.reflect.Proxy instead: {}", first.getName(), t.toString());
            return Type.NONE;
        }
    }

    private static String packageOf(Class<?> type) {
        String name = type.getName();
        return name.substring(0, name.lastIndexOf('.'));
    }

    /** A proxy class and the methods its instances hand the handler. */
    private static final class Type {
        /** No class could be made for this list: {@code java.lang.reflect.Proxy}. */
        static final Type NONE = new Type(null, null);

        final Constructor<?> constructor;
        final Method[] methods;

        Type(Constructor<?> constructor, Method[] methods) {
            this.constructor = constructor;
            this.methods = methods;
        }
    }
}
