package io.reattach.agent;

import io.reattach.weave.ClassFile;
import io.reattach.weave.DriverWeaver;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JDBC gate's use of the pool walk (the JMS gate's is in {@link InstrumenterTest}). */
class ConstantPoolTest {
    private static final byte[][] CONNECT = {ClassFile.ascii(DriverWeaver.CONNECT_DESCRIPTOR)};

    @Test
    void aDriverHoldsTheConnectDescriptorAndAnOrdinaryClassDoesNot() throws Exception {
        assertTrue(ConstantPool.hasEntryEqualTo(bytesOf(io.reattach.weave.SampleDriver.class), CONNECT));
        assertFalse(ConstantPool.hasEntryEqualTo(bytesOf(String.class), CONNECT));
    }

    @Test
    void equalMeansTheWholeEntryWhereContainingDoesNot() throws Exception {
        byte[] driver = bytesOf(io.reattach.weave.SampleDriver.class);
        byte[][] part = {ClassFile.ascii("Ljava/sql/Connection;")};
        assertFalse(ConstantPool.hasEntryEqualTo(driver, part));
        assertTrue(ConstantPool.hasEntryContaining(driver, part));
    }

    private static byte[] bytesOf(Class<?> c) throws Exception {
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }
}
