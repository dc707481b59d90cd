package io.reattach.agent;

import io.reattach.weave.FactoryDelegation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Ownership;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.FixedValue;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The class gate: which class files reach the weaver. */
class InstrumenterTest {

    @Test
    void aClassThatImplementsAJmsInterfaceIsACandidate() {
        assertTrue(Instrumenter.isCandidate(implementing("javax.jms.ConnectionFactory")));
        assertTrue(Instrumenter.isCandidate(implementing("jakarta.jms.QueueConnectionFactory")));
    }

    @Test
    void aClassThatMentionsJmsOnlyInADescriptorIsACandidate() {
        byte[] bytes = new ByteBuddy().subclass(Object.class).name("test.Factory")
                .defineMethod("createConnection", latent("javax.jms.Connection"), Visibility.PUBLIC)
                .intercept(FixedValue.nullValue())
                .make().getBytes();
        assertTrue(Instrumenter.isCandidate(bytes));
    }

    @Test
    void constantsOfEveryKindBeforeTheMentionAreWalkedCorrectly() {
        // Long and double constants take two pool slots; a wrong walk would lose its place before the JMS name.
        byte[] bytes = new ByteBuddy().subclass(Object.class).name("test.Constants")
                .defineField("L", long.class, Visibility.PUBLIC, Ownership.STATIC).value(123456789012L)
                .defineField("D", double.class, Visibility.PUBLIC, Ownership.STATIC).value(3.25d)
                .defineField("F", float.class, Visibility.PUBLIC, Ownership.STATIC).value(1.5f)
                .defineField("I", int.class, Visibility.PUBLIC, Ownership.STATIC).value(123456)
                .defineField("S", String.class, Visibility.PUBLIC, Ownership.STATIC).value("a string")
                .implement(latent("jakarta.jms.TopicConnectionFactory"))
                .defineMethod("createTopicConnection", latent("jakarta.jms.TopicConnection"), Visibility.PUBLIC).intercept(FixedValue.nullValue())
                .make().getBytes();
        assertTrue(Instrumenter.isCandidate(bytes));
    }

    @Test
    void aJmsClassThatDeclaresNoFactoryMethodIsNotACandidate() {
        // e.g. a factory subclass that only inherits createConnection: the superclass carries the advice
        byte[] bytes = new ByteBuddy().subclass(Object.class).name("test.Subclass").implement(latent("javax.jms.ConnectionFactory"))
                .make().getBytes();
        assertFalse(Instrumenter.isCandidate(bytes));
        byte[] consumerFactory = new ByteBuddy().subclass(Object.class).name("test.Other")
                .defineMethod("createConnectionConsumer", latent("javax.jms.ConnectionConsumer"), Visibility.PUBLIC)
                .intercept(FixedValue.nullValue()).make().getBytes();
        assertFalse(Instrumenter.isCandidate(consumerFactory));
    }

    @Test
    void aClassThatOnlyCallsAFactoryMethodIsNotACandidate() throws Exception {
        assertFalse(Instrumenter.isCandidate(bytesOf(Application.class)));
    }

    @Test
    void aFactoryMethodThatReturnsNoJmsTypeOrHasNoCodeDoesNotMakeACandidate() {
        byte[] returnsObject = new ByteBuddy().subclass(Object.class).name("test.NotJms").implement(latent("javax.jms.ConnectionFactory"))
                .defineMethod("createConnection", Object.class, Visibility.PUBLIC).intercept(FixedValue.nullValue())
                .make().getBytes();
        assertFalse(Instrumenter.isCandidate(returnsObject));
        byte[] anInterface = new ByteBuddy().makeInterface(latent("javax.jms.ConnectionFactory")).name("test.Factory")
                .defineMethod("createConnection", latent("javax.jms.Connection"), Visibility.PUBLIC).withoutCode()
                .make().getBytes();
        assertFalse(Instrumenter.isCandidate(anInterface));
    }

    @Test
    void theProvidersFactoriesAreCandidates() throws Exception {
        assertTrue(Instrumenter.isCandidate(bytesOf(org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory.class)));
    }

    /** Netty and Proton-J, about half an Artemis or Qpid application's classes, are passed over by name; the clients are not. */
    @Test
    void librariesWithoutJmsArePassedOverByTheirNamesAndTheJmsClientsAreNot() {
        assertTrue(Instrumenter.isExcluded("io/netty/channel/nio/NioEventLoop"));
        assertTrue(Instrumenter.isExcluded("org/apache/qpid/proton/engine/impl/TransportImpl"));
        assertTrue(Instrumenter.isExcluded("java/lang/String"));
        for (String client : new String[]{"org/apache/qpid/jms/JmsConnectionFactory", "org/apache/activemq/ActiveMQConnectionFactory",
                "org/apache/activemq/artemis/jms/client/ActiveMQConnectionFactory", "javax/jms/QueueConnectionFactory",
                "com/rabbitmq/jms/admin/RMQConnectionFactory"}) {
            assertFalse(Instrumenter.isExcluded(client), client);
        }
    }

    @Test
    void ordinaryClassesAreNotCandidates() throws Exception {
        for (Class<?> c : new Class<?>[]{String.class, java.util.HashMap.class, InstrumenterTest.class, ByteBuddy.class}) {
            assertFalse(Instrumenter.isCandidate(bytesOf(c)), c.getName());
        }
        assertFalse(Instrumenter.isCandidate(implementing("javax.jmx.NotJms")));
    }

    /**
     * A class being defined is woven without ASM (it gains a method per factory method); one being retransformed may
     * only change method bodies, so it is woven in place, unless its definition was woven the first way.
     */
    @Test
    void aClassBeingDefinedGainsMethodsAndOneBeingRetransformedKeepsItsMembers() throws Exception {
        Class<?> factory = org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory.class;
        byte[] original = bytesOf(factory);
        int methods = factory.getDeclaredMethods().length;
        int factoryMethods = 0;
        for (java.lang.reflect.Method m : factory.getDeclaredMethods()) {
            if (m.getName().matches("create(Queue|Topic)?Connection|createContext")) {
                factoryMethods++;
            }
        }
        assertEquals(10, factoryMethods); // createConnection, createQueueConnection, createTopicConnection: 2 each; createContext: 4

        Class<?> defined = defineWoven(factory, Instrumenter.weaveFactory(null, original));
        assertEquals(methods + factoryMethods, defined.getDeclaredMethods().length);
        assertTrue(FactoryDelegation.isWovenHere(defined));

        Class<?> retransformed = defineWoven(factory, Instrumenter.weaveFactory(factory, original));
        assertEquals(methods, retransformed.getDeclaredMethods().length);
        assertFalse(FactoryDelegation.isWovenHere(retransformed));

        Class<?> again = defineWoven(factory, Instrumenter.weaveFactory(defined, original));
        assertEquals(methods + factoryMethods, again.getDeclaredMethods().length);
    }

    /** The class file defined anew in a throwaway loader and initialised: the JVM verifies the woven code. */
    private static Class<?> defineWoven(Class<?> type, byte[] classFile) throws Exception {
        assertNotNull(classFile, type.getName() + " was not woven");
        ClassLoader loader = new ClassLoader(InstrumenterTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (!name.equals(type.getName())) {
                        return super.loadClass(name, resolve);
                    }
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : defineClass(name, classFile, 0, classFile.length);
                }
            }
        };
        return Class.forName(type.getName(), true, loader);
    }

    @Test
    void aTruncatedClassFileIsHandedOnRatherThanCrashing() throws Exception {
        byte[] bytes = bytesOf(String.class);
        assertTrue(Instrumenter.isCandidate(java.util.Arrays.copyOf(bytes, 40)));
    }

    /** A class implementing the interface and declaring createConnection(), as every provider factory does. */
    private static byte[] implementing(String interfaceName) {
        return new ByteBuddy().subclass(Object.class).name("test.Impl").implement(latent(interfaceName))
                .defineMethod("createConnection", latent(interfaceName.substring(0, interfaceName.lastIndexOf('.')) + ".Connection"),
                        Visibility.PUBLIC).intercept(FixedValue.nullValue())
                .make().getBytes();
    }

    /** An application class: it calls a factory method, and declares none. */
    static final class Application {
        javax.jms.Connection connect(javax.jms.ConnectionFactory factory) throws javax.jms.JMSException {
            return factory.createConnection();
        }

        /** Named like a factory method, but static and returning no JMS type. */
        static Object createContext() {
            return null;
        }
    }

    /** An interface of that name, as a type description only: nothing is loaded. */
    private static TypeDescription latent(String name) {
        return new ByteBuddy().makeInterface().name(name).make().getTypeDescription();
    }

    private static byte[] bytesOf(Class<?> c) throws Exception {
        String resource = "/" + c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
