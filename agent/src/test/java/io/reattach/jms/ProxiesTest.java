package io.reattach.jms;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's proxies behave as {@code java.lang.reflect.Proxy}'s do, for every shape of method a JMS interface has:
 * each is checked against a JDK proxy with the same handler.
 */
class ProxiesTest {

    public interface Shapes {
        void nothing();

        int primitives(boolean z, byte b, char c, short s, int i, long j, float f, double d);

        long wide(long a, double b, int c);

        String[] arrays(int[] numbers, Object[] objects);

        Object object(Object o);

        double noArgumentsDouble();

        boolean flag();

        void declares() throws IOException;

        void declaresNothing();
    }

    public interface Narrowing extends Shapes {
        @Override
        String object(Object o); // a narrower return type: the class has both methods
    }

    public interface Another {
        void nothing(); // the same method as Shapes's: one method in the class

        default String withDefault() {
            return "interface";
        }
    }

    /** Records each call and answers from {@link #answer}; throws {@link #toThrow} when set. */
    static final class Recorder implements InvocationHandler {
        final List<String> calls = new ArrayList<>();
        Object answer;
        Throwable toThrow;
        Object[] lastArgs;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            calls.add(method.getDeclaringClass().getSimpleName() + "." + method.getName());
            lastArgs = args;
            if (toThrow != null) {
                throw toThrow;
            }
            if (method.getName().equals("equals")) {
                return proxy == args[0];
            }
            if (method.getName().equals("hashCode")) {
                return 42;
            }
            if (method.getName().equals("toString")) {
                return "recorded";
            }
            return answer;
        }
    }

    private static Object ours(InvocationHandler h, Class<?>... interfaces) {
        Object proxy = Proxies.newProxy(ProxiesTest.class.getClassLoader(), interfaces, h);
        assertFalse(Proxy.isProxyClass(proxy.getClass()), "the agent's own proxy class, not the JDK's");
        return proxy;
    }

    private static Object jdks(InvocationHandler h, Class<?>... interfaces) {
        return Proxy.newProxyInstance(ProxiesTest.class.getClassLoader(), interfaces, h);
    }

    @Test
    void argumentsReachTheHandlerBoxedInTheirPlaces() {
        for (boolean own : new boolean[]{true, false}) {
            Recorder r = new Recorder();
            Shapes s = (Shapes) (own ? ours(r, Shapes.class) : jdks(r, Shapes.class));
            r.answer = 7;
            assertEquals(7, s.primitives(true, (byte) 1, 'c', (short) 2, 3, 4L, 5.5f, 6.25d));
            assertArrayEquals(new Object[]{true, (byte) 1, 'c', (short) 2, 3, 4L, 5.5f, 6.25d}, r.lastArgs);
            r.answer = 9L;
            assertEquals(9L, s.wide(Long.MAX_VALUE, -1.5d, 8));
            assertArrayEquals(new Object[]{Long.MAX_VALUE, -1.5d, 8}, r.lastArgs);
            int[] numbers = {1, 2};
            Object[] objects = {"x"};
            String[] result = {"r"};
            r.answer = result;
            assertSame(result, s.arrays(numbers, objects));
            assertSame(numbers, r.lastArgs[0]);
            assertSame(objects, r.lastArgs[1]);
            r.answer = 2.5d;
            assertEquals(2.5d, s.noArgumentsDouble());
            assertNull(r.lastArgs, "no arguments: null, as Proxy passes");
            r.answer = true;
            assertTrue(s.flag());
            r.answer = null;
            s.nothing();
            assertEquals(Arrays.asList("Shapes.primitives", "Shapes.wide", "Shapes.arrays", "Shapes.noArgumentsDouble",
                    "Shapes.flag", "Shapes.nothing"), r.calls, own ? "ours" : "the JDK's");
        }
    }

    @Test
    void exceptionsPassOrAreWrappedAsWithProxy() {
        for (boolean own : new boolean[]{true, false}) {
            Recorder r = new Recorder();
            Shapes s = (Shapes) (own ? ours(r, Shapes.class) : jdks(r, Shapes.class));
            IOException declared = new IOException("declared");
            r.toThrow = declared;
            assertSame(declared, assertThrows(IOException.class, s::declares));
            IllegalStateException unchecked = new IllegalStateException("unchecked");
            r.toThrow = unchecked;
            assertSame(unchecked, assertThrows(IllegalStateException.class, s::declaresNothing));
            AssertionError error = new AssertionError("error");
            r.toThrow = error;
            assertSame(error, assertThrows(AssertionError.class, s::nothing));
            r.toThrow = declared;
            UndeclaredThrowableException wrapped = assertThrows(UndeclaredThrowableException.class, s::declaresNothing);
            assertSame(declared, wrapped.getCause());
        }
    }

    @Test
    void aNullForAPrimitiveResultThrowsAndAWrongTypeFailsTheCast() {
        for (boolean own : new boolean[]{true, false}) {
            Recorder r = new Recorder();
            Shapes s = (Shapes) (own ? ours(r, Shapes.class) : jdks(r, Shapes.class));
            assertThrows(NullPointerException.class, s::flag);
            r.answer = "not an array";
            assertThrows(ClassCastException.class, () -> s.arrays(null, null));
        }
    }

    @Test
    void objectMethodsGoToTheHandler() {
        Recorder r = new Recorder();
        Object proxy = ours(r, Shapes.class);
        assertEquals(42, proxy.hashCode());
        assertEquals("recorded", proxy.toString());
        assertTrue(proxy.equals(proxy));
        assertFalse(proxy.equals("other"));
        assertEquals(Arrays.asList("Object.hashCode", "Object.toString", "Object.equals", "Object.equals"), r.calls);
    }

    @Test
    void severalInterfacesShareAMethodAndANarrowedReturnTypeReturnsTheNarrowValue() {
        Recorder r = new Recorder();
        Object proxy = ours(r, Narrowing.class, Another.class);
        r.answer = "narrow";
        assertEquals("narrow", ((Narrowing) proxy).object(1));
        assertEquals("narrow", ((Shapes) proxy).object(1)); // the inherited signature, through the same handler
        ((Another) proxy).nothing();
        ((Shapes) proxy).nothing();
        r.answer = "handled";
        assertEquals("handled", ((Another) proxy).withDefault(), "a default method goes to the handler, as with Proxy");
        assertEquals(5, r.calls.size());
    }

    @Test
    void interfacesOfSeveralPackagesGetTheJdksProxy() {
        Recorder r = new Recorder();
        Object proxy = Proxies.newProxy(ProxiesTest.class.getClassLoader(), new Class<?>[]{Shapes.class, Runnable.class}, r);
        assertTrue(Proxy.isProxyClass(proxy.getClass()), "no class of one package can implement both");
        ((Runnable) proxy).run();
        ((Shapes) proxy).nothing();
        assertEquals(Arrays.asList("Runnable.run", "Shapes.nothing"), r.calls);
        assertSame(r, Proxies.handlerOf(proxy));
    }

    @Test
    void oneClassPerListOfInterfacesAndTheHandlerIsFoundAgain() {
        Recorder r1 = new Recorder();
        Recorder r2 = new Recorder();
        Object a = ours(r1, Shapes.class);
        Object b = ours(r2, Shapes.class);
        Object c = ours(r1, Shapes.class, Another.class);
        assertSame(a.getClass(), b.getClass());
        assertFalse(a.getClass() == c.getClass());
        assertSame(r1, Proxies.handlerOf(a));
        assertSame(r2, Proxies.handlerOf(b));
        assertSame(r1, Proxies.handlerOf(jdks(r1, Shapes.class)), "a JDK proxy's handler too");
        assertNull(Proxies.handlerOf("not a proxy"));
        assertNull(Proxies.handlerOf(null));
        assertEquals(ProxiesTest.class.getPackage().getName(), a.getClass().getPackage().getName(),
                "defined next to its interfaces");
    }
}
