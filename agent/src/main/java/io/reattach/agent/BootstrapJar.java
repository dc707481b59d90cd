package io.reattach.agent;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Puts the bootstrap bridge ({@code io.reattach.bootstrap}: {@code SocketBridge}, {@code SocketHook}) on the
 * bootstrap class path: a small jar written to a temporary file from the agent jar's own class bytes, then
 * {@link Instrumentation#appendToBootstrapClassLoaderSearch}. Advice inlined into {@code java.base} can only
 * reach classes there.
 *
 * <p>Must run before anything loads a bridge class: the agent jar holds the same classes, and a copy loaded from
 * there by the application class loader would be a different class from the one the JDK's code sees. This class
 * names the bridge classes only as resources.
 */
final class BootstrapJar {
    static final String[] CLASSES = {"io/reattach/bootstrap/SocketBridge.class", "io/reattach/bootstrap/SocketHook.class"};

    private BootstrapJar() {
    }

    static void append(Instrumentation inst) throws IOException {
        File jar = File.createTempFile("reattach-bootstrap-", ".jar");
        jar.deleteOnExit();
        try (OutputStream file = new FileOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : CLASSES) {
                out.putNextEntry(new ZipEntry(name));
                try (InputStream in = BootstrapJar.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException(name + " is missing from the agent jar");
                    }
                    byte[] buffer = new byte[8192];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        out.write(buffer, 0, n);
                    }
                }
                out.closeEntry();
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
    }
}
