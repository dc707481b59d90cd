package io.reattach.weave;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A throwaway class loader that defines some classes itself, from their class files as a weaver left them, and leaves
 * every other class to its parent (so that the JMS API and the bridge are the test's own). Classes it defines are
 * verified by the JVM, as a provider's classes are.
 */
final class WovenLoader extends ClassLoader {
    private final Predicate<String> definesHere;
    private final Function<String, byte[]> classFiles;

    private WovenLoader(Predicate<String> definesHere, Function<String, byte[]> classFiles) {
        super(WovenLoader.class.getClassLoader());
        this.definesHere = definesHere;
        this.classFiles = classFiles;
    }

    /** {@code type}'s class file passed through {@code weaver}, defined anew. */
    static Class<?> weave(Class<?> type, UnaryOperator<byte[]> weaver) throws ClassNotFoundException {
        byte[] woven = weaver.apply(bytesOf(type));
        if (woven == null) {
            throw new AssertionError(type.getName() + " was not woven");
        }
        return Class.forName(type.getName(), true, new WovenLoader(type.getName()::equals, name -> woven));
    }

    /**
     * A loader that defines every class whose name starts with {@code prefix} itself, from the test's class path, and
     * {@code wovenClass} passed through {@code weaver}: a woven class then shares its runtime package with its
     * neighbours and its own inner classes.
     */
    static ClassLoader weavingOne(String prefix, String wovenClass, UnaryOperator<byte[]> weaver) {
        return new WovenLoader(name -> name.startsWith(prefix), name -> {
            byte[] classFile = bytesOf(name);
            if (!name.equals(wovenClass)) {
                return classFile;
            }
            byte[] woven = weaver.apply(classFile);
            if (woven == null) {
                throw new AssertionError(name + " was not woven");
            }
            return woven;
        });
    }

    @Override
    protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
        if (!definesHere.test(className)) {
            return super.loadClass(className, resolve);
        }
        synchronized (getClassLoadingLock(className)) {
            Class<?> c = findLoadedClass(className);
            if (c != null) {
                return c;
            }
            byte[] classFile = classFiles.apply(className);
            return defineClass(className, classFile, 0, classFile.length);
        }
    }

    static byte[] bytesOf(Class<?> type) {
        return bytesOf(type.getName());
    }

    /** The class file of a class on the test's class path, by its binary name. */
    static byte[] bytesOf(String className) {
        try (InputStream in = WovenLoader.class.getClassLoader().getResourceAsStream(className.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + className);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
