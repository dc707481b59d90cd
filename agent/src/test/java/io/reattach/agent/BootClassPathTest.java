package io.reattach.agent;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's classes load from the bootstrap class path (the jar's Boot-Class-Path), where only the modules of the
 * bootstrap class loader are visible: a class of the agent that names a JDK class of another loader (since Java 9,
 * {@code java.sql}, {@code java.net.http}, {@code javax.script}, ... are the platform loader's) fails to link in an
 * application, and what it serves goes on as without the agent. The unit tests run the agent from the application
 * class path, where such a class links, so this reads every compiled class of the agent for the JDK classes it names
 * (its class constants and the types in its descriptors) and asks where each one is loaded from.
 */
class BootClassPathTest {

    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([a-zA-Z_$][\\w$/]*);");

    @Test
    void everyJdkClassTheAgentNamesIsOneTheBootstrapClassLoaderSees() throws IOException {
        Path classes = Paths.get("target", "classes");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
        assertTrue(files.size() > 100, "the agent's compiled classes under " + classes.toAbsolutePath());
        Set<String> outside = new TreeSet<>();
        for (Path file : files) {
            for (String name : namedClasses(file)) {
                if (isJdk(name) && !seenByTheBootstrapLoader(name)) {
                    outside.add(classes.relativize(file) + " names " + name);
                }
            }
        }
        assertEquals(new TreeSet<>(), outside);
    }

    private static boolean isJdk(String name) {
        return name.startsWith("java/") || name.startsWith("javax/") || name.startsWith("jdk/") || name.startsWith("sun/")
                || name.startsWith("com/sun/") || name.startsWith("org/w3c/") || name.startsWith("org/xml/");
    }

    /** True also for a class this JDK does not have (a name in a string, {@code javax/jms/...}): nothing to link. */
    private static boolean seenByTheBootstrapLoader(String name) {
        try {
            return Class.forName(name.replace('/', '.'), false, ClassLoader.getSystemClassLoader()).getClassLoader() == null;
        } catch (ClassNotFoundException | LinkageError absent) {
            return true;
        }
    }

    /**
     * The class constants of a class file, and the object types in its other UTF-8 constants (descriptors and
     * signatures); not in its string literals, such as the descriptors the weavers look for.
     */
    private static Set<String> namedClasses(Path file) throws IOException {
        try (InputStream bytes = Files.newInputStream(file); DataInputStream in = new DataInputStream(bytes)) {
            in.readInt(); // magic
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> classNameIndexes = new ArrayList<>();
            Set<Integer> stringLiterals = new TreeSet<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: utf8[i] = in.readUTF(); break;
                    case 7: classNameIndexes.add(in.readUnsignedShort()); break;
                    case 8: stringLiterals.add(in.readUnsignedShort()); break;
                    case 16: case 19: case 20: in.readUnsignedShort(); break;
                    case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: in.readInt(); break;
                    case 5: case 6: in.readLong(); i++; break;
                    default: throw new IOException(file + ": constant pool tag " + tag);
                }
            }
            Set<String> names = new TreeSet<>();
            for (int index : classNameIndexes) {
                String name = utf8[index];
                names.add(name.startsWith("[") ? name.replaceAll("^\\[+L?|;$", "") : name);
            }
            for (int i = 1; i < count; i++) {
                String s = utf8[i];
                if (s != null && s.indexOf(';') > 0 && !stringLiterals.contains(i)) {
                    Matcher m = TYPE_IN_DESCRIPTOR.matcher(s);
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
            return names;
        }
    }
}
