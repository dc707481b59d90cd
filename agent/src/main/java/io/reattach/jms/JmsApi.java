package io.reattach.jms;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One JMS namespace ({@code javax.jms} or {@code jakarta.jms}) as seen from one provider's class loader. The
 * engine is written once against names and reflection; this class is where it turns into the types of the
 * application's API: the interfaces a proxy implements and the exceptions and listeners the agent creates.
 */
final class JmsApi {
    static final String JAVAX = "javax.jms.";
    static final String JAKARTA = "jakarta.jms.";

    private final String pkg;
    private final ClassLoader loader;

    private JmsApi(String pkg, ClassLoader loader) {
        this.pkg = pkg;
        this.loader = loader;
    }

    /** The namespace of a provider object, or null when it implements neither. */
    static JmsApi of(Object jmsObject) {
        for (Class<?> c = jmsObject.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                String pkg = namespaceOf(i);
                if (pkg != null) {
                    ClassLoader loader = jmsObject.getClass().getClassLoader();
                    return new JmsApi(pkg, loader != null ? loader : i.getClassLoader());
                }
            }
        }
        return null;
    }

    /** The namespace of one of its interfaces, seen from the class loader that defined it. */
    static JmsApi forInterface(Class<?> jmsInterface) {
        return new JmsApi(namespaceOf(jmsInterface), jmsInterface.getClassLoader());
    }

    private static String namespaceOf(Class<?> type) {
        String name = type.getName();
        if (name.startsWith(JAVAX)) {
            return JAVAX;
        }
        if (name.startsWith(JAKARTA)) {
            return JAKARTA;
        }
        return null;
    }

    /** Every interface of the namespace that the object implements, for a proxy that stands in for it. */
    Class<?>[] interfacesOf(Object delegate) {
        Set<Class<?>> result = new LinkedHashSet<>();
        for (Class<?> c = delegate.getClass(); c != null; c = c.getSuperclass()) {
            collect(c.getInterfaces(), result);
        }
        return result.toArray(new Class<?>[0]);
    }

    private void collect(Class<?>[] interfaces, Set<Class<?>> into) {
        for (Class<?> i : interfaces) {
            if (i.getName().startsWith(pkg) && java.lang.reflect.Modifier.isPublic(i.getModifiers())) {
                into.add(i);
            }
            collect(i.getInterfaces(), into);
        }
    }

    boolean implementsType(Object o, String simpleName) {
        for (Class<?> i : interfacesOf(o)) {
            if (i.getName().equals(pkg + simpleName)) {
                return true;
            }
        }
        return false;
    }

    Object proxy(Object delegate, InvocationHandler handler) {
        return Proxies.newProxy(loader, interfacesOf(delegate), handler);
    }

    Object listener(String simpleName, InvocationHandler handler) {
        return Proxies.newProxy(loader, new Class<?>[]{load(simpleName)}, handler);
    }

    static Object objectMethod(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return "Reattach" + proxy.getClass().getInterfaces()[0].getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(proxy));
        }
    }

    /**
     * A new exception of the namespace, e.g. {@code ("TransactionRolledBackException", ...)}, with the error
     * code and the cause linked, as JMS providers report them.
     */
    Exception exception(String simpleName, String reason, String errorCode, Throwable cause) {
        try {
            Class<?> type = load(simpleName);
            Exception e;
            if (RuntimeException.class.isAssignableFrom(type)) {
                Constructor<?> c = type.getConstructor(String.class, String.class, Throwable.class);
                e = (Exception) c.newInstance(reason, errorCode, cause);
            } else {
                Constructor<?> c = type.getConstructor(String.class, String.class);
                e = (Exception) c.newInstance(reason, errorCode);
                if (cause instanceof Exception) {
                    type.getMethod("setLinkedException", Exception.class).invoke(e, cause);
                }
                if (cause != null && e.getCause() == null) {
                    e.initCause(cause);
                }
            }
            return e;
        } catch (ReflectiveOperationException | RuntimeException e) {
            IllegalStateException fallback = new IllegalStateException(reason + " [" + errorCode + "]", cause);
            return fallback;
        }
    }

    Class<?> load(String simpleName) {
        try {
            return Class.forName(pkg + simpleName, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(pkg + simpleName + " is not visible from " + loader, e);
        }
    }

    /**
     * A handle on a method of a JMS interface, typed for {@code invokeExact} from code compiled against no JMS API: the
     * receiver and every JMS-typed parameter as {@code Object}, the result as {@code returned}. Resolved once and kept
     * (per namespace), it calls the provider without reflection's per-call checks and argument arrays.
     */
    static MethodHandle handle(Class<?> type, String name, Class<?> returned, Class<?>... parameters) {
        try {
            MethodHandle h = MethodHandles.publicLookup().unreflect(type.getMethod(name, parameters));
            Class<?>[] generic = new Class<?>[parameters.length + 1];
            generic[0] = Object.class;
            for (int i = 0; i < parameters.length; i++) {
                generic[i + 1] = Operation.isJms(parameters[i]) ? Object.class : parameters[i];
            }
            return h.asType(MethodType.methodType(returned, generic));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + "." + name, e);
        }
    }

    /**
     * A public interface method of the object: provider classes are often not public, and a method looked up on
     * them cannot be called from outside their package.
     */
    static Method interfaceMethod(Object target, String name, Class<?>... parameterTypes) throws NoSuchMethodException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            Method m = findOnInterfaces(c.getInterfaces(), name, parameterTypes);
            if (m != null) {
                return m;
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name);
    }

    private static Method findOnInterfaces(Class<?>[] interfaces, String name, Class<?>[] parameterTypes) {
        for (Class<?> i : interfaces) {
            if (java.lang.reflect.Modifier.isPublic(i.getModifiers())) {
                try {
                    return i.getMethod(name, parameterTypes);
                } catch (NoSuchMethodException ignored) {
                    // not on this one
                }
            }
            Method m = findOnInterfaces(i.getInterfaces(), name, parameterTypes);
            if (m != null) {
                return m;
            }
        }
        return null;
    }
}
