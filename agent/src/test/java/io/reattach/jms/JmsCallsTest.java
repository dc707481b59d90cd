package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import javax.jms.Message;
import javax.jms.TextMessage;

import org.junit.jupiter.api.Test;

/** The send path's calls of JMS methods: the same results whether the JVM lets them be direct calls or not. */
class JmsCallsTest {

    private static Object message(ClassLoader loader, Class<?> type) {
        return Proxy.newProxyInstance(loader, new Class<?>[]{type}, (p, m, a) -> {
            switch (m.getName()) {
                case "getText":
                    return "hello";
                case "getObjectProperty":
                    return "value of " + a[0];
                case "getJMSDeliveryMode":
                    return 2;
                case "getJMSType": // the JMSException of the interface's own class loader
                    throw (Exception) loader.loadClass("javax.jms.JMSException").getConstructor(String.class).newInstance("not readable");
                default:
                    return null;
            }
        });
    }

    @Test
    void nextToAnInterfaceOfTheAgentsClassLoaderTheyAreDirectCalls() throws Throwable {
        Function<Object, Object> getText = JmsCalls.getter(TextMessage.class, "getText");
        assertTrue(getText.getClass().getName().startsWith("javax.jms."), getText.getClass().getName()
                + ": a class made next to the interface, not the method-handle fallback");
        check(getText, JmsCalls.getter(Message.class, "getObjectProperty", String.class),
                JmsCalls.intGetter(Message.class, "getJMSDeliveryMode"), JmsCalls.getter(Message.class, "getJMSType"),
                message(getClass().getClassLoader(), TextMessage.class));
    }

    /**
     * The API in a class loader of its own (as in an application server), which the agent's classes do not share (in
     * an application they load from the bootstrap class path): direct calls all the same, made in that loader.
     */
    @Test
    void inAnotherClassLoaderTheyAreDirectCallsMadeThere() throws Throwable {
        URL api = Message.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{api}, null)) {
            Class<?> message = loader.loadClass("javax.jms.Message");
            Class<?> text = loader.loadClass("javax.jms.TextMessage");
            Function<Object, Object> getText = JmsCalls.getter(text, "getText");
            assertTrue(getText.getClass().getName().startsWith("javax.jms."), getText.getClass().getName()
                    + ": a class made next to the interface, not the method-handle fallback");
            assertEquals(loader, getText.getClass().getClassLoader());
            check(getText, JmsCalls.getter(message, "getObjectProperty", String.class),
                    JmsCalls.intGetter(message, "getJMSDeliveryMode"), JmsCalls.getter(message, "getJMSType"),
                    message(loader, text));
        }
    }

    private static void check(Function<Object, Object> getText, BiFunction<Object, String, Object> getObjectProperty,
                              ToIntFunction<Object> getDeliveryMode, Function<Object, Object> getType, Object m) {
        assertEquals("hello", getText.apply(m));
        assertEquals("value of seq", getObjectProperty.apply(m, "seq"));
        assertEquals(2, getDeliveryMode.applyAsInt(m));
        Throwable thrown = assertThrows(Throwable.class, () -> getType.apply(m));
        assertEquals("javax.jms.JMSException", thrown.getClass().getName(), "the provider's own exception, unwrapped");
        assertEquals("not readable", thrown.getMessage());
    }
}
