package io.reattach.agent;

import io.reattach.bootstrap.SocketBridge;
import io.reattach.config.Settings;
import io.reattach.log.Log;
import io.reattach.net.SocketAdvice;
import io.reattach.net.SocketEngine;
import io.reattach.policy.Clock;
import io.reattach.policy.Sleeper;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Plain-socket support, installed only when {@code SocketTargets} or {@code ConnectionNameList} is set (it
 * costs the bootstrap jar, which turns off class-data sharing for application classes, and Byte Buddy at
 * start-up). Weaves {@link SocketAdvice} into exactly four JDK classes, replacing Byte Buddy's default ignore
 * matcher (which skips bootstrap classes) with "everything but these"; a plain transformer in front hands Byte
 * Buddy nothing else. Call {@link BootstrapJar#append} first.
 */
final class SocketInstrumentation {
    static final String[] CLASSES = {"java.net.Socket", "java.net.Socket$SocketInputStream", "java.net.Socket$SocketOutputStream",
            "sun.nio.ch.SocketChannelImpl"};

    private static final String NETTY_NO_NATIVE = "io.netty.transport.noNative";

    private final SocketEngine engine;

    private SocketInstrumentation(SocketEngine engine) {
        this.engine = engine;
    }

    /** SocketTargets or ConnectionNameList is set, and DefRecon does not say "only observe". */
    static boolean wanted(Settings settings) {
        return settings.reconnectEnabled() && (!settings.socketTargets().isEmpty() || !settings.connectionNameList().isEmpty());
    }

    static SocketInstrumentation install(Instrumentation inst, Settings settings) throws Exception {
        turnOffNettyNativeTransports(settings);
        SocketEngine engine = new SocketEngine(settings, Clock.system(), Sleeper.system());
        ClassFileTransformer woven = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new ErrorListener())
                .ignore(not(namedOneOf(CLASSES)))
                .type(named("java.net.Socket"))
                .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(SocketAdvice.SocketConnect.class)
                        .on(named("connect").and(takesArguments(SocketAddress.class, int.class)))))
                .type(namedOneOf("java.net.Socket$SocketInputStream", "java.net.Socket$SocketOutputStream"))
                .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(SocketAdvice.StreamIo.class)
                        .on(namedOneOf("read", "write").and(takesArguments(byte[].class, int.class, int.class)))))
                .type(named("sun.nio.ch.SocketChannelImpl"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(SocketAdvice.ChannelConnect.class).on(named("connect").and(takesArguments(SocketAddress.class))))
                        .visit(Advice.to(SocketAdvice.ChannelBlockingConnect.class)
                                .on(named("blockingConnect").and(takesArguments(SocketAddress.class, long.class))))
                        .visit(Advice.to(SocketAdvice.FinishConnect.class).on(named("finishConnect").and(takesArguments(0))))
                        .visit(Advice.to(SocketAdvice.ChannelIo.class).on(namedOneOf("read", "write").and(isPublic())
                                .and(takesArgument(0, ByteBuffer.class).or(takesArgument(0, ByteBuffer[].class))))))
                .makeRaw();

        letJavaBaseReadTheBridge(inst);
        if (SocketBridge.class.getClassLoader() != null) {
            // Loaded before the append, from the agent jar: the JDK's code would see another class.
            throw new IllegalStateException("the socket bridge was loaded by " + SocketBridge.class.getClassLoader());
        }
        engine.becomeTheHook();
        inst.addTransformer(new Gate(woven), true);
        List<Class<?>> loaded = new ArrayList<>();
        for (String name : CLASSES) {
            loaded.add(Class.forName(name, false, null));
        }
        inst.retransformClasses(loaded.toArray(new Class<?>[0]));
        Log.info("Reattach {} manages plain-socket connects: {}", io.reattach.cli.Version.get(), engine.describe());
        return new SocketInstrumentation(engine);
    }

    /**
     * Code in java.base reads no unnamed module: without this, the woven JDK code fails to link the bridge
     * (IllegalAccessError, suppressed by the advice: sockets would behave as without the agent). Java 9+ API,
     * called reflectively because the agent is compiled for Java 8, where there are no modules.
     */
    private static void letJavaBaseReadTheBridge(Instrumentation inst) throws Exception {
        Method getModule;
        try {
            getModule = Class.class.getMethod("getModule");
        } catch (NoSuchMethodException java8) {
            return;
        }
        Object javaBase = getModule.invoke(java.net.Socket.class);
        Object bridge = getModule.invoke(SocketBridge.class);
        Class<?> moduleClass = getModule.getReturnType();
        Method redefineModule = Instrumentation.class.getMethod("redefineModule", moduleClass, Set.class, Map.class, Map.class,
                Set.class, Map.class);
        redefineModule.invoke(inst, javaBase, Collections.singleton(bridge), Collections.emptyMap(), Collections.emptyMap(),
                Collections.emptySet(), Collections.emptyMap());
    }

    /**
     * Netty's native transports (epoll, kqueue), which the Artemis and Qpid JMS clients prefer when they are on the
     * class path, connect without java.nio, where ConnectionNameList steers connects. Netty's own switch sends them
     * through java.nio instead (a supported Netty transport); an application that chose either way keeps its choice.
     * Works when Netty has not been initialised yet: at start-up, not always after an attach.
     */
    private static void turnOffNettyNativeTransports(Settings settings) {
        if (!settings.connectionNameList().isEmpty() && System.getProperty(NETTY_NO_NATIVE) == null) {
            System.setProperty(NETTY_NO_NATIVE, "true");
            Log.info("ConnectionNameList: Netty clients use its java.nio transport ({}=true), where the list applies", NETTY_NO_NATIVE);
        }
    }

    void update(Settings settings) {
        engine.update(settings);
    }

    /** Connected target sockets that failed later. */
    long lostConnections() {
        return engine.lostConnections();
    }

    /** A JDK class that cannot be woven stays as it is: logged once, sockets behave as without the agent. */
    private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
            Log.internalError("weaving " + typeName, throwable);
        }

        @Override
        public void onTransformation(net.bytebuddy.description.type.TypeDescription type, ClassLoader classLoader, JavaModule module,
                                     boolean loaded, net.bytebuddy.dynamic.DynamicType dynamicType) {
            Log.debug("woven: {}", type.getName());
        }

        @Override
        public void onIgnored(net.bytebuddy.description.type.TypeDescription type, ClassLoader classLoader, JavaModule module, boolean loaded) {
            Log.debug("not woven: {}", type.getName());
        }
    }

    /** Hands Byte Buddy only the four JDK classes, by name; every other class costs a set look-up. */
    private static final class Gate implements ClassFileTransformer {
        private static final Set<String> INTERNAL_NAMES = new HashSet<>();

        static {
            for (String name : CLASSES) {
                INTERNAL_NAMES.add(name.replace('.', '/'));
            }
        }

        private final ClassFileTransformer woven;

        Gate(ClassFileTransformer woven) {
            this.woven = woven;
        }

        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined, ProtectionDomain domain,
                                byte[] classfileBuffer) {
            if (loader != null || className == null || !INTERNAL_NAMES.contains(className)) {
                return null;
            }
            try {
                return woven.transform(loader, className, classBeingRedefined, domain, classfileBuffer);
            } catch (Throwable t) {
                Log.internalError("weaving " + className, t);
                return null;
            }
        }
    }
}
