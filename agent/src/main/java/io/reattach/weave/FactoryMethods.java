package io.reattach.weave;

import java.util.List;

/**
 * Which classes and methods the factory weaving picks, for both of its weavers ({@link FactoryDelegation} for a class
 * being defined, {@link FactoryWeaver} for one being retransformed): instance methods with code named
 * {@code createConnection}, {@code createQueueConnection}, {@code createTopicConnection} or {@code createContext}
 * that return a {@code javax.jms} or {@code jakarta.jms} type, in a class (not an interface) that may be a
 * ConnectionFactory. Kept apart from the weavers so that the first does not load the second, nor ASM with it.
 */
final class FactoryMethods {
    private static final String[] NAMES = {"createConnection", "createQueueConnection", "createTopicConnection", "createContext"};

    private FactoryMethods() {
    }

    /**
     * Whether a class may declare factory methods worth weaving: not an interface, and not a class that extends
     * {@code Object} and implements no interface that may be a ConnectionFactory. Of the JMS API's own interfaces only
     * the {@code ...ConnectionFactory} ones are; any other interface might extend one. So an application class with a
     * helper {@code Connection createConnection()}, which implements nothing, is not woven.
     */
    static boolean mayBeFactoryClass(int access, String superName, List<String> interfaces) {
        if ((access & ClassFile.ACC_INTERFACE) != 0) {
            return false;
        }
        if (!"java/lang/Object".equals(superName)) {
            return true;
        }
        for (String i : interfaces) {
            boolean jmsApi = i.startsWith("javax/jms/") || i.startsWith("jakarta/jms/");
            if (!jmsApi || i.endsWith("ConnectionFactory")) {
                return true;
            }
        }
        return false;
    }

    static boolean isFactoryMethod(int access, String name, String descriptor) {
        return ClassFile.isInstanceMethodWithCode(access) && isFactoryName(name) && returnsJmsType(descriptor);
    }

    private static boolean isFactoryName(String name) {
        for (String n : NAMES) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean returnsJmsType(String descriptor) {
        String returned = descriptor.substring(descriptor.indexOf(')') + 1);
        return returned.startsWith("Ljavax/jms/") || returned.startsWith("Ljakarta/jms/");
    }
}
