package io.reattach.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The jar of the bootstrap bridge, written by hand: the JDK reads it as any jar, and loads classes from it. */
class BootstrapJarTest {

    @TempDir
    Path dir;

    @Test
    void theJdkReadsTheJarAndLoadsItsClasses() throws Exception {
        byte[][] contents = new byte[BootstrapJar.CLASSES.length][];
        for (int i = 0; i < contents.length; i++) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(BootstrapJar.CLASSES[i])) {
                contents[i] = in.readAllBytes();
            }
        }
        Path jar = dir.resolve("bootstrap.jar");
        try (OutputStream out = Files.newOutputStream(jar)) {
            BootstrapJar.writeJar(out, BootstrapJar.CLASSES, contents);
        }

        try (JarFile read = new JarFile(jar.toFile())) {
            List<String> names = new ArrayList<>();
            for (ZipEntry e : Collections.list(read.entries())) {
                names.add(e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
            }
            assertEquals(List.of(BootstrapJar.CLASSES), names);
            for (int i = 0; i < contents.length; i++) {
                try (InputStream in = read.getInputStream(read.getEntry(BootstrapJar.CLASSES[i]))) {
                    assertArrayEquals(contents[i], in.readAllBytes(), BootstrapJar.CLASSES[i]); // the CRC is checked on reading
                }
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, null)) {
            Class<?> bridge = loader.loadClass("io.reattach.bootstrap.SocketBridge");
            assertEquals(loader, bridge.getClassLoader());
            assertNull(bridge.getField("hook").get(null));
        }
    }
}
