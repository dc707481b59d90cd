package io.reattach.bridge;

import io.reattach.weave.ClassFile;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What the bridge needs to know about the class of an object whose woven factory method is called, worked out once
 * per class: whether it is a JMS ConnectionFactory (weaving matched the method by name and return type only, without
 * loading the class's supertypes), and the {@link Method} objects of its woven methods, found by owner, name and
 * descriptor. Kept in a {@link ClassValue}, which holds nothing that keeps a class loader alive.
 */
public final class FactoryType {
    private static final String[] FACTORY_INTERFACES = {"javax.jms.ConnectionFactory", "jakarta.jms.ConnectionFactory"};

    private static final ClassValue<FactoryType> TYPES = new ClassValue<FactoryType>() {
        @Override
        protected FactoryType computeValue(Class<?> type) {
            return new FactoryType(type);
        }
    };

    private final Class<?> type;
    private final boolean connectionFactory;
    private final ConcurrentMap<String, Method> methods = new ConcurrentHashMap<>();

    private FactoryType(Class<?> type) {
        this.type = type;
        this.connectionFactory = isConnectionFactory(type);
    }

    static FactoryType of(Class<?> type) {
        return TYPES.get(type);
    }

    boolean isConnectionFactory() {
        return connectionFactory;
    }

    /** Whether the class implements {@code javax.jms.ConnectionFactory} or {@code jakarta.jms.ConnectionFactory}. */
    public static boolean isConnectionFactory(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (isFactoryInterface(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isFactoryInterface(Class<?> type) {
        for (String name : FACTORY_INTERFACES) {
            if (name.equals(type.getName())) {
                return true;
            }
        }
        for (Class<?> parent : type.getInterfaces()) {
            if (isFactoryInterface(parent)) {
                return true;
            }
        }
        return false;
    }

    /** The method {@code name descriptor} that class {@code owner} (internal name) declares, or null. */
    Method method(String owner, String name, String descriptor) {
        String key = owner + '.' + name + descriptor;
        Method method = methods.get(key);
        if (method == null) {
            method = find(owner.replace('/', '.'), name, descriptor);
            if (method != null) {
                methods.put(key, method);
            }
        }
        return method;
    }

    private Method find(String owner, String name, String descriptor) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(owner)) {
                for (Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals(name) && descriptor.equals(ClassFile.descriptorOf(m))) {
                        return m;
                    }
                }
                return null;
            }
        }
        return null;
    }
}
