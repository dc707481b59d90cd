package io.reattach.weave;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

/**
 * A throwaway class loader that defines one class from its class file as the weaver left it, and leaves every other
 * class to its parent (so that the JMS API and the bridge are the test's own). Classes it defines are verified by
 * the JVM, as a provider's classes are.
 */
final class WovenLoader extends ClassLoader {
    private final String name;
    private final byte[] classFile;

    private WovenLoader(String name, byte[] classFile) {
        super(WovenLoader.class.getClassLoader());
        this.name = name;
        this.classFile = classFile;
    }

    /** {@code type}'s class file passed through {@code weaver}, defined anew. */
    static Class<?> weave(Class<?> type, UnaryOperator<byte[]> weaver) throws ClassNotFoundException {
        byte[] woven = weaver.apply(bytesOf(type));
        if (woven == null) {
            throw new AssertionError(type.getName() + " was not woven");
        }
        return Class.forName(type.getName(), true, new WovenLoader(type.getName(), woven));
    }

    @Override
    protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
        if (!className.equals(name)) {
            return super.loadClass(className, resolve);
        }
        synchronized (getClassLoadingLock(className)) {
            Class<?> c = findLoadedClass(className);
            return c != null ? c : defineClass(className, classFile, 0, classFile.length);
        }
    }

    static byte[] bytesOf(Class<?> type) {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
