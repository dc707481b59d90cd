package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The Artemis client's methods that {@link ArtemisReattach} calls by name exist, with the types it names, on the
 * client's own classes (the build's Artemis version): a method it cannot find turns re-attachment off, logged once.
 */
class ArtemisReattachTest {

    private static Class<?> artemis(String name) throws ClassNotFoundException {
        return Class.forName("org.apache.activemq.artemis." + name);
    }

    @Test
    void theSessionsNameIsReadFromASessionAContextAndTheCoreSession() throws Exception {
        assertTrue(ArtemisReattach.GET_USED_SESSION.isOn(artemis("jms.client.ActiveMQJMSContext")));
        assertTrue(ArtemisReattach.GET_CORE_SESSION.isOn(artemis("jms.client.ActiveMQSession")));
        assertTrue(ArtemisReattach.GET_NAME.isOn(artemis("core.client.impl.ClientSessionImpl")));
    }

    @Test
    void theClientsOwnReconnectIsBoundThroughItsConnectionsSessionFactory() throws Exception {
        assertTrue(ArtemisReattach.GET_SESSION_FACTORY.isOn(artemis("jms.client.ActiveMQConnection")));
        assertTrue(ArtemisReattach.ADD_FAILURE_LISTENER.isOn(artemis("core.client.impl.ClientSessionFactoryImpl")));
    }

    @Test
    void aNameTheClientDoesNotHaveIsNotFound() throws Exception {
        assertFalse(ProviderMethod.getter("getCoreSession", "java.lang.String").isOn(artemis("jms.client.ActiveMQSession")));
    }
}
