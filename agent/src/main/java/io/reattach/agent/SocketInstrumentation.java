package io.reattach.agent;

import io.reattach.bootstrap.SocketBridge;
import io.reattach.config.Settings;
import io.reattach.log.Log;
import io.reattach.net.SocketEngine;
import io.reattach.policy.Clock;
import io.reattach.policy.Sleeper;
import io.reattach.status.AgentStatus;
import io.reattach.weave.SocketWeaver;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Plain-socket support, installed only when {@code SocketTargets} or {@code ConnectionNameList} is set (it weaves JDK
 * classes at start-up, and needs the bridge on the bootstrap class path). {@link SocketWeaver} weaves exactly four
 * JDK classes, handed to it by name by a plain transformer: at their first load, or by a retransformation of those
 * loaded already. Call {@link BootstrapJar#append} first.
 */
final class SocketInstrumentation implements LongSupplier {
    private static final String NETTY_NO_NATIVE = "io.netty.transport.noNative";

    private final SocketEngine engine;

    private SocketInstrumentation(SocketEngine engine) {
        this.engine = engine;
    }

    static SocketInstrumentation install(Instrumentation inst, Settings settings) throws Exception {
        turnOffNettyNativeTransports(settings);
        SocketEngine engine = new SocketEngine(settings, Clock.system(), Sleeper.system());
        letJavaBaseReadTheBridge(inst);
        if (SocketBridge.class.getClassLoader() != null) {
            // Loaded before the append, from the agent jar: the JDK's code would see another class.
            throw new IllegalStateException("the socket bridge was loaded by " + SocketBridge.class.getClassLoader());
        }
        engine.becomeTheHook();
        inst.addTransformer(new Weaving(), true);
        // Those loaded already are woven by a retransformation; the others when the JDK loads them, if it does.
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getInitiatedClasses(null)) {
            if (Weaving.CLASSES.contains(c.getName().replace('.', '/'))) {
                loaded.add(c);
            }
        }
        if (!loaded.isEmpty()) {
            inst.retransformClasses(loaded.toArray(new Class<?>[0]));
        }
        Log.info("Reattach {} manages plain-socket connects: {}", io.reattach.cli.Version.get(), engine.describe());
        return new SocketInstrumentation(engine);
    }

    /**
     * Code in java.base reads no unnamed module: without this, the woven JDK code fails to link the bridge
     * (IllegalAccessError, caught by the woven code: sockets would behave as without the agent). Java 9+ API, in
     * {@link ModuleReads} (compiled apart), because the agent is compiled for Java 8, where there are no modules.
     */
    private static void letJavaBaseReadTheBridge(Instrumentation inst) {
        if (!System.getProperty("java.specification.version", "1.8").startsWith("1.")) {
            ModuleReads.letJavaBaseRead(inst, SocketBridge.class);
        }
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

    /** Connected target sockets that failed later: what the status counts ({@link AgentStatus#countLostSockets}). */
    @Override
    public long getAsLong() {
        return engine.lostConnections();
    }

    /** Hands {@link SocketWeaver} the four JDK classes, by name; every other class costs a set look-up. */
    private static final class Weaving extends ClassGate {
        private static final Set<String> CLASSES = new HashSet<>(Arrays.asList(SocketWeaver.CLASSES));

        @Override
        boolean admits(ClassLoader loader, String className, byte[] classFile) {
            return loader == null && CLASSES.contains(className);
        }

        @Override
        byte[] weave(String className, Class<?> redefined, byte[] classFile) {
            byte[] woven = SocketWeaver.weave(classFile);
            if (woven == null) {
                Log.debug("not woven (none of the methods expected): {}", className.replace('/', '.'));
            }
            return woven;
        }
    }
}
