package io.reattach.jms;

import io.reattach.weave.LookupClassFile;

import java.lang.invoke.MethodHandles;

/**
 * A lookup with full privileges in the runtime package of a class, the caller that {@code LambdaMetafactory} accepts
 * ({@link JmsCalls}). The agent runs from the bootstrap class path, so its own lookup reaches a package of the
 * application's class loaders only through {@code privateLookupIn}, which leaves out module access, and
 * {@code LambdaMetafactory} refuses such a caller. So a class of one static method, {@code lookup()}, is defined in
 * that package (with {@code Lookup.defineClass}, as the proxies are: {@link Proxies}; its class file: {@link LookupClassFile}), and the lookup it returns is the
 * caller: the lambda's class is then made in the same package and class loader as when the agent had its own lookup
 * there. One such class per package and class loader, {@value #SIMPLE_NAME}; found by name when it exists already.
 */
final class PackageLookup {
    static final String SIMPLE_NAME = "$ReattachLookup";

    /**
     * Whether the JVM has {@code MethodHandles.privateLookupIn} and {@code Lookup.defineClass} (Java 9+): the agent's
     * bytecode is for Java 8, so those calls are in {@link ClassDefiner}, compiled apart and loaded only then.
     */
    private static final boolean JAVA_9 = !System.getProperty("java.specification.version", "1.8").startsWith("1.");

    private static final ClassValue<MethodHandles.Lookup> LOOKUPS = new ClassValue<MethodHandles.Lookup>() {
        @Override
        protected MethodHandles.Lookup computeValue(Class<?> type) {
            try {
                return make(type);
            } catch (Throwable refused) {
                return null; // Java 8, a named module that does not open the package, a sealed or signed package...
            }
        }
    };

    private PackageLookup() {
    }

    /** Whether this JVM lets the agent define a class in another class's package (Java 9+). */
    static boolean canDefineClasses() {
        return JAVA_9;
    }

    /**
     * Defines {@code classFile} (a class of {@code neighbour}'s package) in that package and class loader, as
     * {@code Lookup.defineClass} does, which needs no module access; throws what the definition threw.
     */
    static Class<?> defineNextTo(Class<?> neighbour, byte[] classFile) throws Throwable {
        return ClassDefiner.defineNextTo(neighbour, classFile);
    }

    /** The lookup of the package of {@code type}, or null where the JVM does not allow one. */
    static MethodHandles.Lookup in(Class<?> type) {
        return LOOKUPS.get(type);
    }

    private static MethodHandles.Lookup make(Class<?> type) throws Throwable {
        ClassLoader loader = type.getClassLoader();
        if (!JAVA_9 || loader == null || type.isArray() || type.isPrimitive()) {
            return null;
        }
        String name = type.getName();
        int dot = name.lastIndexOf('.');
        String helperName = (dot < 0 ? "" : name.substring(0, dot + 1)) + SIMPLE_NAME;
        Class<?> helper = find(helperName, loader);
        if (helper == null) {
            helper = define(type, helperName);
        }
        if (helper.getClassLoader() != loader) {
            return null; // a class of that name in a parent loader's package of the same name: not this package
        }
        return ClassDefiner.lookupOf(helper);
    }

    private static Class<?> find(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException absent) {
            return null;
        }
    }

    private static Class<?> define(Class<?> type, String helperName) throws Throwable {
        try {
            return defineNextTo(type, LookupClassFile.write(helperName));
        } catch (LinkageError e) {
            Class<?> other = find(helperName, type.getClassLoader());
            if (other == null) {
                throw e;
            }
            return other; // another thread defined it first
        }
    }
}
