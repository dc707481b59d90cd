package io.reattach.weave;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The socket weaving on the JDK that runs the tests (the integration tests run it on 17 and 25): every method the
 * socket support needs is found and woven, and the woven classes pass the JVM's verifier. The JVM does not verify
 * bootstrap classes (a mistake there would not be reported, it would crash), so each woven class is renamed out of
 * the JDK's packages and defined in a throwaway class loader, which the JVM verifies.
 */
class SocketWeaverTest {
    private static final String PREFIX = "woven/";

    @Test
    void theMethodsTheSocketSupportNeedsAreWovenAndCallTheBridge() throws Exception {
        Map<String, Set<String>> calls = new HashMap<>();
        for (String name : SocketWeaver.CLASSES) {
            byte[] woven = SocketWeaver.weave(jdkClassFile(name));
            assertNotNull(woven, name);
            calls.put(name, bridgeCallsByMethod(woven));
        }
        assertEquals(Set.of("connect(Ljava/net/SocketAddress;I)V beforeConnect", "connect(Ljava/net/SocketAddress;I)V afterConnect"),
                calls.get("java/net/Socket"));
        assertEquals(Set.of("read([BII)I ioFailed"), calls.get("java/net/Socket$SocketInputStream"));
        assertEquals(Set.of("write([BII)V ioFailed"), calls.get("java/net/Socket$SocketOutputStream"));
        assertEquals(Set.of(
                "connect(Ljava/net/SocketAddress;)Z beforeConnect", "connect(Ljava/net/SocketAddress;)Z afterConnect",
                "blockingConnect(Ljava/net/SocketAddress;J)V beforeBlockingConnect", "blockingConnect(Ljava/net/SocketAddress;J)V afterConnect",
                "finishConnect()Z afterFinishConnect",
                "read(Ljava/nio/ByteBuffer;)I ioFailed", "read([Ljava/nio/ByteBuffer;II)J ioFailed",
                "write(Ljava/nio/ByteBuffer;)I ioFailed", "write([Ljava/nio/ByteBuffer;II)J ioFailed"),
                calls.get("sun/nio/ch/SocketChannelImpl"));
    }

    @Test
    void theWovenJdkClassesPassTheVerifier() throws Exception {
        Map<String, String> renames = new HashMap<>();
        for (String name : SocketWeaver.CLASSES) {
            renames.put(name, PREFIX + name);
        }
        Map<String, byte[]> renamed = new HashMap<>();
        for (String name : SocketWeaver.CLASSES) {
            ClassWriter writer = new ClassWriter(0);
            new ClassReader(SocketWeaver.weave(jdkClassFile(name))).accept(new ClassRemapper(writer, new SimpleRemapper(renames)), 0);
            renamed.put((PREFIX + name).replace('/', '.'), writer.toByteArray());
        }
        DefiningLoader loader = new DefiningLoader(renamed);
        for (String name : renamed.keySet()) {
            loader.loadClass(name); // defined: the class header is fine (sun.nio.ch is exported to the tests, pom.xml)
        }
        for (String name : renamed.keySet()) {
            try {
                Class.forName(name, true, loader); // initialising links, linking verifies
            } catch (VerifyError | ClassFormatError e) {
                fail(name + " does not verify", e);
            } catch (LinkageError expected) {
                // Verified; then its initialiser reached JDK internals that a class outside the JDK may not use.
            }
        }
    }

    /** Defines the classes it is given, the first time they are asked for; leaves every other class to its parent. */
    private static final class DefiningLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        DefiningLoader(Map<String, byte[]> classes) {
            super(SocketWeaverTest.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }

    /** "method(descriptor) bridgeMethod" for each call to SocketBridge. */
    private static Set<String> bridgeCallsByMethod(byte[] classFile) {
        Set<String> calls = new TreeSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor, boolean isInterface) {
                        if (owner.equals("io/reattach/bootstrap/SocketBridge")) {
                            calls.add(name + descriptor + " " + called);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }

    private static byte[] jdkClassFile(String internalName) throws IOException {
        try (InputStream in = Object.class.getResourceAsStream("/" + internalName + ".class")) {
            return in.readAllBytes();
        }
    }
}
