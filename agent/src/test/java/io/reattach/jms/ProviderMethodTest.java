package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A provider's method called by its name and its types' names, as {@link ArtemisReattach} calls the Artemis client's. */
class ProviderMethodTest {

    /** Stands in for a provider's session: public, with a getter of a type of its own and a method with a parameter. */
    public static class Session {
        final Core core = new Core("session-1");
        final List<Object> listeners = new ArrayList<>();

        public Core getCoreSession() {
            return core;
        }

        public void addListener(Runnable listener) {
            listeners.add(listener);
        }

        public String fail() {
            throw new IllegalStateException("the provider's own exception");
        }
    }

    public static class Core {
        private final String name;

        Core(String name) {
            this.name = name;
        }

        public String getName() {
            return name;
        }
    }

    /** A class that the JVM's public lookup cannot reach (not public), whose public methods are inherited. */
    static class HiddenSession extends Session {
    }

    private static final String CORE = Core.class.getName();

    @Test
    void aGetterReturnsWhatTheProvidersMethodReturns() throws Throwable {
        Session session = new Session();

        Object core = ProviderMethod.getter("getCoreSession", CORE).call(session);

        assertSame(session.core, core);
        assertEquals("session-1", ProviderMethod.getter("getName", "java.lang.String").call(core));
    }

    @Test
    void aMethodWithAParameterGetsTheArgumentAndReturnsNullForVoid() throws Throwable {
        Session session = new Session();
        Runnable listener = () -> { };

        Object returned = new ProviderMethod("addListener", new String[]{"void"}, Runnable.class.getName()).call(session, listener);

        assertNull(returned);
        assertEquals(List.of(listener), session.listeners);
    }

    @Test
    void theReturnTypeIsTheFirstOfItsNamesThatTheMethodHas() throws Throwable {
        ProviderMethod getCore = new ProviderMethod("getCoreSession", new String[]{"javax.jms.Session", "no.such.Type", CORE});

        assertSame(new Session().core.getClass(), getCore.call(new Session()).getClass());
    }

    @Test
    void aClassThePublicLookupCannotReachIsCalledThroughItsPublicSuperclass() throws Throwable {
        HiddenSession session = new HiddenSession();

        assertSame(session.core, ProviderMethod.getter("getCoreSession", CORE).call(session));
    }

    @Test
    void aMethodTheClassDoesNotHaveIsNoSuchMethod() {
        assertThrows(NoSuchMethodException.class, () -> ProviderMethod.getter("getUsedSession", CORE).call(new Session()));
        assertThrows(NoSuchMethodException.class, () -> ProviderMethod.getter("getCoreSession", "no.such.Type").call(new Session()));
    }

    @Test
    void theProvidersExceptionIsThrownAsItIs() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ProviderMethod.getter("fail", "java.lang.String").call(new Session()));

        assertEquals("the provider's own exception", e.getMessage());
    }
}
