package io.reattach.agent;

import io.reattach.config.Settings;
import io.reattach.log.Log;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * A plain transformer that keeps Byte Buddy off the start-up path. Every class passes a byte scan for
 * {@code javax/jms/} or {@code jakarta/jms/} in its constant pool; only a class that mentions JMS brings in Byte
 * Buddy (once) to decide whether it is a ConnectionFactory and to weave the advice. An application that never
 * touches JMS pays for the scan and nothing else.
 */
final class Instrumenter implements ClassFileTransformer {

    private static final byte[] JAVAX_JMS = ascii("javax/jms/");
    private static final byte[] JAKARTA_JMS = ascii("jakarta/jms/");

    private final Settings settings;
    private volatile ClassFileTransformer jms;
    private volatile boolean broken;

    private Instrumenter(Settings settings) {
        this.settings = settings;
    }

    static void install(Instrumentation inst, Settings settings, boolean attached) {
        Instrumenter gate = new Instrumenter(settings);
        inst.addTransformer(gate, true);
        if (attached) {
            gate.retransformLoaded(inst);
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (loader == null || className == null || classfileBuffer == null || broken || isExcluded(className)
                || !(contains(classfileBuffer, JAVAX_JMS) || contains(classfileBuffer, JAKARTA_JMS))) {
            return null;
        }
        try {
            return jmsTransformer().transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
        } catch (Throwable t) {
            broken = true; // one report; from now on the agent is absent for JMS classes
            Log.internalError("instrumenting " + className, t);
            return null;
        }
    }

    private ClassFileTransformer jmsTransformer() {
        ClassFileTransformer t = jms;
        if (t == null) {
            synchronized (this) {
                if (jms == null) {
                    jms = JmsInstrumentation.create(settings);
                }
                t = jms;
            }
        }
        return t;
    }

    /** After an attach: classes loaded before the agent are woven through a retransformation. */
    private void retransformLoaded(Instrumentation inst) {
        java.util.List<Class<?>> candidates = new java.util.ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() != null && !c.isInterface() && inst.isModifiableClass(c) && isConnectionFactory(c)) {
                candidates.add(c);
            }
        }
        for (Class<?> c : candidates) {
            try {
                inst.retransformClasses(c);
            } catch (Throwable t) {
                Log.internalError("retransforming " + c.getName(), t);
            }
        }
    }

    private static boolean isConnectionFactory(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (isFactoryInterface(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isFactoryInterface(Class<?> i) {
        String n = i.getName();
        if ((n.startsWith("javax.jms.") || n.startsWith("jakarta.jms.")) && n.endsWith("ConnectionFactory")) {
            return true;
        }
        for (Class<?> parent : i.getInterfaces()) {
            if (isFactoryInterface(parent)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isExcluded(String className) {
        return className.startsWith("java/") || className.startsWith("javax/") && !className.startsWith("javax/jms/")
                || className.startsWith("jdk/") || className.startsWith("sun/") || className.startsWith("com/sun/")
                || className.startsWith("io/reattach/");
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
