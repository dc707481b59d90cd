package io.reattach.jms;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@link PackageLookup}'s Java 9 calls, linked directly: this source set ({@code src/main/java9}) is compiled for Java
 * 9, and {@link PackageLookup} loads the class only on a JVM with modules. By reflection each of these calls first
 * built its own method handles on JDK 25, a few milliseconds of an application's first connection.
 */
final class ClassDefiner {
    private static final MethodType LOOKUP_METHOD = MethodType.methodType(MethodHandles.Lookup.class);

    private ClassDefiner() {
    }

    /** Defines {@code classFile}, a class of {@code neighbour}'s package, in that package and class loader. */
    static Class<?> defineNextTo(Class<?> neighbour, byte[] classFile) throws IllegalAccessException {
        return MethodHandles.privateLookupIn(neighbour, MethodHandles.lookup()).defineClass(classFile);
    }

    /** What the public static {@code lookup()} of {@code helper} returns: the full-privilege lookup of its package. */
    static MethodHandles.Lookup lookupOf(Class<?> helper) throws Throwable {
        MethodHandle lookup = MethodHandles.lookup().findStatic(helper, "lookup", LOOKUP_METHOD);
        return (MethodHandles.Lookup) lookup.invokeExact();
    }
}
