package io.reattach.weave;

import io.reattach.bridge.JmsHook;
import io.reattach.bridge.ReattachBridge;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.implementation.FixedValue;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.jms.Connection;
import javax.jms.ConnectionFactory;
import javax.jms.JMSContext;
import javax.jms.JMSException;
import javax.jms.QueueConnectionFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The factory weaving as a provider's factory meets it: a {@link SampleFactory} woven by one of the two weavers
 * ({@link #weave}), loaded in a throwaway class loader (so the JVM verifies the woven code), called through the JMS
 * interface with a recording hook in the bridge. Both weavers must give the same outcomes.
 */
abstract class FactoryWeavingTest {
    /** The weaver under test: the class file woven, or null. */
    abstract byte[] weave(byte[] classFile);

    private final Connection providers = connection();
    private final Connection replacement = connection();

    @AfterEach
    void removeHook() {
        ReattachBridge.jms = null;
    }

    @Test
    void theHookSeesTheOutermostCallWithItsMethodArgumentsAndResult() throws Exception {
        RecordingHook hook = install(new RecordingHook());
        ConnectionFactory factory = wovenSample(providers, null);

        assertSame(providers, factory.createConnection("user", "secret"));

        assertEquals(List.of("enter", "exit"), hook.events);
        assertSame(factory, hook.enteredFactory); // so that ProviderTuning can set its heartbeat before the connect
        assertSame(factory, hook.factory);
        assertEquals("createConnection", hook.method.getName());
        assertEquals(factory.getClass(), hook.method.getDeclaringClass());
        assertEquals(List.of(String.class, String.class), Arrays.asList(hook.method.getParameterTypes()));
        assertArrayEquals(new Object[]{"user", "secret"}, hook.args);
        assertSame(providers, hook.result);
        assertNull(hook.thrown);
    }

    @Test
    void aNestedFactoryCallIsLeftAloneWhenTheHookSaysSo() throws Exception {
        RecordingHook hook = install(new RecordingHook());
        hook.onlyOutermost = true;
        ConnectionFactory factory = wovenSample(providers, null);

        assertSame(providers, factory.createConnection()); // which calls createConnection(null, null)

        assertEquals(List.of("enter", "enter", "exit"), hook.events);
        assertEquals(0, hook.method.getParameterCount());
        assertEquals(0, hook.args.length);
    }

    @Test
    void theHookCanReplaceTheResult() throws Exception {
        RecordingHook hook = install(new RecordingHook());
        hook.outcome = new Object[]{replacement, null};

        assertSame(replacement, wovenSample(providers, null).createConnection("user", "secret"));
    }

    @Test
    void theHookSeesTheProvidersExceptionAndCanReplaceItWithAResult() throws Exception {
        RecordingHook hook = install(new RecordingHook());
        JMSException brokerDown = new JMSException("broker down");
        hook.outcome = new Object[]{replacement, null};

        assertSame(replacement, wovenSample(null, brokerDown).createConnection("user", "secret"));
        assertSame(brokerDown, hook.thrown);
        assertNull(hook.result);
    }

    @Test
    void theHookCanReplaceTheResultWithAnException() throws Exception {
        RecordingHook hook = install(new RecordingHook());
        JMSException last = new JMSException("gave up");
        hook.outcome = new Object[]{null, last};

        assertSame(last, assertThrows(JMSException.class, () -> wovenSample(providers, null).createConnection("user", "secret")));
    }

    @Test
    void withoutAHookOrWithAHookThatLetsItBeTheProvidersOutcomeStands() throws Exception {
        JMSException brokerDown = new JMSException("broker down");
        assertSame(providers, wovenSample(providers, null).createConnection("user", "secret"));
        assertSame(brokerDown, assertThrows(JMSException.class, () -> wovenSample(null, brokerDown).createConnection("u", "p")));

        install(new RecordingHook()); // exit answers null
        assertSame(providers, wovenSample(providers, null).createConnection("user", "secret"));
        assertSame(brokerDown, assertThrows(JMSException.class, () -> wovenSample(null, brokerDown).createConnection("u", "p")));
    }

    @Test
    void aHookThatThrowsLeavesTheProvidersOutcome() throws Exception {
        JMSException brokerDown = new JMSException("broker down");
        RecordingHook hook = install(new RecordingHook());
        hook.failOnExit = true;
        assertSame(providers, wovenSample(providers, null).createConnection("user", "secret"));
        assertSame(brokerDown, assertThrows(JMSException.class, () -> wovenSample(null, brokerDown).createConnection("u", "p")));

        hook = install(new RecordingHook());
        hook.failOnEnter = true;
        assertSame(providers, wovenSample(providers, null).createConnection("user", "secret"));
        assertEquals(List.of("enter"), hook.events); // no exit for a call that did not enter
    }

    @Test
    void anOutcomeOfTheWrongShapeLeavesTheProvidersOutcome() throws Exception {
        RecordingHook hook = install(new RecordingHook());
        hook.outcome = new Object[]{"not a connection", null};
        assertSame(providers, wovenSample(providers, null).createConnection("user", "secret"));

        hook.outcome = new Object[]{replacement, "not a throwable"};
        assertSame(providers, wovenSample(providers, null).createConnection("user", "secret"));

        hook.outcome = new Object[0];
        assertSame(providers, wovenSample(providers, null).createConnection("user", "secret"));
    }

    @Test
    void primitiveArgumentsReachTheHookBoxedAndTheProvidersOwnExceptionsStillPass() throws Exception {
        RecordingHook hook = install(new RecordingHook());
        ConnectionFactory factory = wovenSample(providers, null);

        assertNull(factory.createContext(2));
        assertArrayEquals(new Object[]{2}, hook.args);
        assertEquals("createContext", hook.method.getName());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> factory.createContext(-1));
        assertEquals("session mode -1", e.getMessage());
        assertSame(e, hook.thrown);
    }

    /** Two-slot and array arguments: each reaches the hook in its place, and the provider's code gets them all. */
    @Test
    void wideAndArrayArgumentsReachTheHookAndTheProvider() throws Exception {
        byte[] wide = new ByteBuddy().subclass(SampleFactory.class).name("test.WideFactory")
                .defineMethod("createConnection", Connection.class, Opcodes.ACC_PUBLIC)
                .withParameters(long.class, double.class, String.class, int[].class, boolean.class)
                .intercept(FixedValue.nullValue()).make().getBytes();
        RecordingHook hook = install(new RecordingHook());
        hook.outcome = new Object[]{replacement, null};
        Class<?> woven = new DefiningLoader().define("test.WideFactory", weave(wide));
        Object factory = woven.getConstructor(Connection.class, JMSException.class).newInstance(providers, null);
        int[] array = {1, 2};

        Object result = woven.getMethod("createConnection", long.class, double.class, String.class, int[].class, boolean.class)
                .invoke(factory, 5L, 2.5d, "s", array, true);

        assertSame(replacement, result);
        assertArrayEquals(new Object[]{5L, 2.5d, "s", array, true}, hook.args);
        assertNull(hook.result); // what the provider's code returned
    }

    @Test
    void aClassThatIsNoConnectionFactoryIsWovenButNeverReachesTheHook() throws Exception {
        RecordingHook hook = install(new RecordingHook());
        Class<?> woven = WovenLoader.weave(NotAFactory.class, this::weave);
        Object template = woven.getConstructor(Connection.class).newInstance(providers);

        assertSame(providers, woven.getMethod("createConnection").invoke(template));
        assertEquals(List.of(), hook.events);
    }

    @Test
    void classFilesWithoutStackMapFramesAreWovenToo() throws Exception {
        // A Java 5 class file: no StackMapTable, the woven code must add none.
        byte[] java5 = new ByteBuddy(ClassFileVersion.JAVA_V5).subclass(SampleFactory.class).name("test.Java5Factory")
                .method(named("createConnection").and(takesArguments(0))).intercept(FixedValue.nullValue())
                .make().getBytes();
        RecordingHook hook = install(new RecordingHook());
        hook.outcome = new Object[]{replacement, null};
        Class<?> woven = new DefiningLoader().define("test.Java5Factory", weave(java5));
        ConnectionFactory factory = (ConnectionFactory) woven.getConstructor(Connection.class, JMSException.class).newInstance(providers, null);

        assertSame(replacement, factory.createConnection());
    }

    @Test
    void onlyClassesThatDeclareAFactoryMethodWithCodeAreWoven() {
        assertNull(weave(WovenLoader.bytesOf(QueueConnectionFactory.class)), "an interface");
        assertNull(weave(WovenLoader.bytesOf(FactoryWeavingTest.class)), "calls createConnection, declares none");
        byte[] otherReturnType = new ByteBuddy().subclass(Object.class).implement(Runnable.class).name("test.Other")
                .defineMethod("createConnection", String.class, Opcodes.ACC_PUBLIC).intercept(FixedValue.value("x"))
                .make().getBytes();
        assertNull(weave(otherReturnType), "returns no JMS type");
    }

    @Test
    void aClassThatCannotBeAConnectionFactoryIsNotWoven() {
        // An application's own helper: extends Object, implements nothing (or only JMS interfaces other than factories).
        byte[] helper = new ByteBuddy().subclass(Object.class).name("test.App")
                .defineMethod("createConnection", Connection.class, Opcodes.ACC_PRIVATE).intercept(FixedValue.nullValue())
                .make().getBytes();
        assertNull(weave(helper));
        byte[] context = new ByteBuddy().subclass(Object.class).implement(JMSContext.class).name("test.Context")
                .defineMethod("createContext", JMSContext.class, Opcodes.ACC_PUBLIC).withParameters(int.class)
                .intercept(FixedValue.nullValue()).make().getBytes();
        assertNull(weave(context));
        byte[] subclass = new ByteBuddy().subclass(NotAFactory.class).name("test.Subclass")
                .defineMethod("createConnection", Connection.class, Opcodes.ACC_PUBLIC).withParameters(String.class)
                .intercept(FixedValue.nullValue()).make().getBytes();
        assertNotNull(weave(subclass), "a subclass may extend a ConnectionFactory");
    }

    /** Fields and methods with their access flags, in order, and the class header. */
    static List<String> members(byte[] classFile) {
        List<String> members = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                members.add(version + " " + access + " " + name + " " + superName + " " + Arrays.toString(interfaces));
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                members.add("field " + access + " " + name + descriptor);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                members.add("method " + access + " " + name + descriptor + " " + Arrays.toString(exceptions));
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return members;
    }

    private ConnectionFactory wovenSample(Connection connection, JMSException failure) throws Exception {
        Class<?> woven = WovenLoader.weave(SampleFactory.class, this::weave);
        return (ConnectionFactory) woven.getConstructor(Connection.class, JMSException.class).newInstance(connection, failure);
    }

    private static RecordingHook install(RecordingHook hook) {
        ReattachBridge.jms = hook;
        return hook;
    }

    private static Connection connection() {
        return (Connection) Proxy.newProxyInstance(FactoryWeavingTest.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> method.getName().equals("equals") ? proxy == args[0] : null);
    }

    /** A hook that records what it sees and answers as told. */
    private static final class RecordingHook implements JmsHook {
        final List<String> events = new ArrayList<>();
        boolean onlyOutermost;
        boolean failOnEnter;
        boolean failOnExit;
        Object[] outcome;
        private int depth;
        Object enteredFactory;
        Object factory;
        Method method;
        Object[] args;
        Object result;
        Throwable thrown;

        @Override
        public boolean enter(Object factory) {
            events.add("enter");
            enteredFactory = factory;
            if (failOnEnter) {
                throw new IllegalStateException("a bug in the agent");
            }
            return !onlyOutermost || depth++ == 0;
        }

        @Override
        public Object[] exit(Object factory, Method method, Object[] args, Object result, Throwable thrown) {
            events.add("exit");
            depth = 0;
            this.factory = factory;
            this.method = method;
            this.args = args;
            this.result = result;
            this.thrown = thrown;
            if (failOnExit) {
                throw new IllegalStateException("a bug in the agent");
            }
            return outcome;
        }
    }

    private static final class DefiningLoader extends ClassLoader {
        DefiningLoader() {
            super(FactoryWeavingTest.class.getClassLoader());
        }

        Class<?> define(String name, byte[] classFile) throws ClassNotFoundException {
            defineClass(name, classFile, 0, classFile.length);
            return Class.forName(name, true, this);
        }
    }
}
