package io.reattach.agent;

import io.reattach.bridge.JdbcBridge;
import io.reattach.config.Settings;
import io.reattach.jdbc.DriverConnectRetry;
import io.reattach.log.Log;
import io.reattach.policy.Clock;
import io.reattach.policy.Sleeper;
import io.reattach.weave.ClassFile;
import io.reattach.weave.DriverWeaver;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * JDBC connect retries, installed only when {@code JdbcTargets} is set (at start-up, or by an attach or INI reload
 * that sets it): an application without it pays nothing. A plain transformer hands {@link DriverWeaver} only the
 * classes whose constant pool holds the descriptor of {@code Driver.connect(String, Properties)} (a class that
 * declares the method must hold it); every other class costs one walk of its constant pool. Driver classes loaded
 * before the install are woven by a retransformation.
 */
final class JdbcInstrumentation {
    private static final byte[][] CONNECT = {ClassFile.ascii(DriverWeaver.CONNECT_DESCRIPTOR)};

    private final DriverConnectRetry engine;

    private JdbcInstrumentation(DriverConnectRetry engine) {
        this.engine = engine;
    }

    static JdbcInstrumentation install(Instrumentation inst, Settings settings) {
        DriverConnectRetry engine = new DriverConnectRetry(settings, Clock.system(), Sleeper.system());
        JdbcBridge.jdbc = engine;
        inst.addTransformer(new Weaving(), true);
        retransformLoadedDrivers(inst);
        Log.info("Reattach {} retries JDBC connects: JdbcTargets={}, {}", io.reattach.cli.Version.get(),
                String.join(",", settings.jdbcTargets()), settings.reconnectPolicy());
        return new JdbcInstrumentation(engine);
    }

    /** An application that loaded its driver before an attach or a reload that set JdbcTargets. */
    private static void retransformLoadedDrivers(Instrumentation inst) {
        List<Class<?>> drivers = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() != null && !c.isInterface() && io.reattach.jdbc.JavaSql.isDriverClass(c) && inst.isModifiableClass(c)) {
                drivers.add(c);
            }
        }
        for (Class<?> c : drivers) { // one at a time: a class that cannot be woven must not keep the others unwoven
            try {
                inst.retransformClasses(c);
            } catch (Throwable t) {
                Log.internalError("retransforming " + c.getName(), t);
            }
        }
    }

    void update(Settings settings) {
        engine.update(settings);
    }

    private static final class Weaving extends ClassGate {
        @Override
        boolean admits(ClassLoader loader, String className, byte[] classFile) {
            return loader != null && !className.startsWith("java/") && !className.startsWith("jdk/") && !className.startsWith("sun/")
                    && !className.startsWith("io/reattach/") && ConstantPool.hasEntryEqualTo(classFile, CONNECT);
        }

        @Override
        byte[] weave(String className, Class<?> redefined, byte[] classFile) {
            return DriverWeaver.weave(classFile);
        }
    }
}
