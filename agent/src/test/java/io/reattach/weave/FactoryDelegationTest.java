package io.reattach.weave;

import org.junit.jupiter.api.Test;

import javax.jms.Connection;
import javax.jms.JMSException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weaving of a class being defined: no ASM, the original code kept under a private name. */
class FactoryDelegationTest extends FactoryWeavingTest {

    @Override
    byte[] weave(byte[] classFile) {
        return FactoryDelegation.weave(classFile);
    }

    /**
     * Every member the class had keeps its flags and signature, so reflection and callers see the same class; each
     * factory method's code is also there under a private synthetic name, which only the woven method calls.
     */
    @Test
    void theClassKeepsItsMembersAndGainsOnePrivateMethodPerFactoryMethod() throws Exception {
        byte[] original = WovenLoader.bytesOf(SampleFactory.class);
        byte[] woven = weave(original);
        assertNotNull(woven);
        List<String> added = new ArrayList<>(members(woven));
        List<String> kept = members(original);
        for (String m : kept) {
            assertTrue(added.remove(m), m + " is missing from " + members(woven));
        }
        assertEquals(List.of(
                "method 4098 createConnection$reattach()Ljavax/jms/Connection; [javax/jms/JMSException]",
                "method 4098 createConnection$reattach(Ljava/lang/String;Ljava/lang/String;)Ljavax/jms/Connection; [javax/jms/JMSException]",
                "method 4098 createContext$reattach()Ljavax/jms/JMSContext; null",
                "method 4098 createContext$reattach(I)Ljavax/jms/JMSContext; null",
                "method 4098 createContext$reattach(Ljava/lang/String;Ljava/lang/String;)Ljavax/jms/JMSContext; null",
                "method 4098 createContext$reattach(Ljava/lang/String;Ljava/lang/String;I)Ljavax/jms/JMSContext; null"), sorted(added));

        Class<?> type = WovenLoader.weave(SampleFactory.class, this::weave);
        Method m = type.getMethod("createConnection", String.class, String.class);
        assertEquals(List.of(JMSException.class), List.of(m.getExceptionTypes()));
        assertTrue(Modifier.isPublic(m.getModifiers()));
        assertTrue(FactoryDelegation.isWovenHere(type));
    }

    /** A retransformation hands the weaver the class file as it was defined; given a woven one, it changes nothing. */
    @Test
    void aClassFileWovenAlreadyIsLeftAsItIs() {
        assertNull(weave(weave(WovenLoader.bytesOf(SampleFactory.class))));
    }

    /** An exception the provider throws shows the original code under its new name, below the woven method. */
    @Test
    void theProvidersExceptionShowsTheOriginalCodeUnderItsNewName() throws Exception {
        Class<?> type = WovenLoader.weave(SampleFactory.class, this::weave);
        Object factory = type.getConstructor(Connection.class, JMSException.class).newInstance(null, null);
        Throwable e = assertThrows(InvocationTargetException.class,
                () -> type.getMethod("createContext", int.class).invoke(factory, -1)).getCause();
        assertEquals("session mode -1", e.getMessage());
        List<String> frames = new ArrayList<>();
        for (StackTraceElement f : e.getStackTrace()) {
            frames.add(f.getMethodName());
        }
        assertEquals(List.of("createContext$reattach", "createContext"), frames.subList(0, 2));
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        copy.sort(null);
        return copy;
    }
}
