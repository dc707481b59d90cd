package io.reattach.agent;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * Puts the bootstrap bridge ({@code io.reattach.bootstrap}: {@code SocketBridge}, {@code SocketHook}) on the
 * bootstrap class path: a small jar written to a temporary file from the agent jar's own class bytes, then
 * {@link Instrumentation#appendToBootstrapClassLoaderSearch}. Code woven into {@code java.base} can only reach
 * classes there.
 *
 * <p>Only a fallback: the agent jar's manifest names the jar itself as its {@code Boot-Class-Path}, so every agent
 * class, the bridge too, normally loads from the bootstrap class path already, and this writes nothing. It is needed
 * when the JVM did not find the jar under that name (a renamed jar): the agent then runs from the application class
 * path, and the append here makes the JVM print its class-data sharing warning.
 *
 * <p>Must run before anything loads a bridge class: the agent jar holds the same classes, and a copy loaded from
 * there by the application class loader would be a different class from the one the JDK's code sees. This class
 * names the bridge classes only as resources.
 *
 * <p>Written for start-up: {@code File.createTempFile} seeds a {@code SecureRandom} and {@code ZipOutputStream} dates
 * its entries through {@code java.time}, each tens of milliseconds; a file created exclusively under a name of its
 * own and a jar of stored entries (see {@link #writeJar}) cost almost nothing.
 */
final class BootstrapJar {
    static final String[] CLASSES = {"io/reattach/bootstrap/SocketBridge.class", "io/reattach/bootstrap/SocketHook.class"};

    private BootstrapJar() {
    }

    static void append(Instrumentation inst) throws IOException {
        if (BootstrapJar.class.getClassLoader() == null) {
            return; // the manifest's Boot-Class-Path put the whole agent jar there: the bridge is there already
        }
        byte[][] contents = new byte[CLASSES.length][];
        for (int i = 0; i < CLASSES.length; i++) {
            contents[i] = resource(CLASSES[i]);
        }
        File jar = newTemporaryFile();
        jar.deleteOnExit();
        try (OutputStream out = new FileOutputStream(jar)) {
            writeJar(out, CLASSES, contents);
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BootstrapJar.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the agent jar");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes.write(buffer, 0, n);
            }
            return bytes.toByteArray();
        }
    }

    /** A new, empty file in the temporary directory that this call created (no other process or call has it). */
    private static File newTemporaryFile() throws IOException {
        File dir = new File(System.getProperty("java.io.tmpdir"));
        for (int attempt = 0; attempt < 100; attempt++) {
            File file = new File(dir, "reattach-bootstrap-" + Long.toHexString(System.nanoTime()) + "-" + attempt + ".jar");
            if (file.createNewFile()) {
                return file;
            }
        }
        throw new IOException("cannot create a temporary file in " + dir);
    }

    /**
     * A jar (a zip file) of stored, uncompressed entries dated 1980-01-01, in the zip format's simplest form: a local
     * header and the bytes of each entry, then the central directory and its end record. Little-endian throughout.
     */
    static void writeJar(OutputStream out, String[] names, byte[][] contents) throws IOException {
        ByteArrayOutputStream directory = new ByteArrayOutputStream();
        int offset = 0;
        for (int i = 0; i < names.length; i++) {
            byte[] name = names[i].getBytes(StandardCharsets.UTF_8);
            byte[] data = contents[i];
            CRC32 crc = new CRC32();
            crc.update(data, 0, data.length);
            int crcValue = (int) crc.getValue();
            ByteArrayOutputStream local = new ByteArrayOutputStream();
            u4(local, 0x04034b50);
            entryFields(local, crcValue, data.length, name.length);
            local.write(name);
            local.write(data);
            local.writeTo(out);

            u4(directory, 0x02014b50);
            u2(directory, 20); // made by: version 2.0
            entryFields(directory, crcValue, data.length, name.length);
            u2(directory, 0); // comment length
            u2(directory, 0); // disk number
            u2(directory, 0); // internal attributes
            u4(directory, 0); // external attributes
            u4(directory, offset);
            directory.write(name);
            offset += local.size();
        }
        directory.writeTo(out);
        ByteArrayOutputStream end = new ByteArrayOutputStream();
        u4(end, 0x06054b50);
        u2(end, 0); // this disk
        u2(end, 0); // the directory's disk
        u2(end, names.length);
        u2(end, names.length);
        u4(end, directory.size());
        u4(end, offset);
        u2(end, 0); // comment length
        end.writeTo(out);
    }

    /** The fields a local header and a central directory entry share, from "version needed" to "extra length". */
    private static void entryFields(ByteArrayOutputStream out, int crc, int size, int nameLength) {
        u2(out, 10); // version needed: 1.0, stored
        u2(out, 0); // flags
        u2(out, 0); // method: stored
        u2(out, 0); // time 00:00:00
        u2(out, (1 << 5) | 1); // date 1980-01-01
        u4(out, crc);
        u4(out, size); // compressed
        u4(out, size); // uncompressed
        u2(out, nameLength);
        u2(out, 0); // extra length
    }

    private static void u2(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
    }

    private static void u4(ByteArrayOutputStream out, int value) {
        u2(out, value);
        u2(out, value >>> 16);
    }
}
