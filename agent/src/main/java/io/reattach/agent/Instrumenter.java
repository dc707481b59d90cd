package io.reattach.agent;

import io.reattach.bridge.FactoryType;
import io.reattach.config.Settings;
import io.reattach.log.Log;
import io.reattach.weave.ArtemisSendResponses;
import io.reattach.weave.ClassFile;
import io.reattach.weave.FactoryDelegation;
import io.reattach.weave.FactoryWeaver;

import java.lang.instrument.Instrumentation;

/**
 * The class gate, a plain transformer. Every class passes a scan of the UTF-8 entries of its constant pool
 * ({@link #isCandidate}); only a class that names a factory method and mentions JMS goes on to be woven ({@link #weave}),
 * if it declares any factory method. The first such class starts the JMS engine. An
 * application that never touches JMS pays for the scan and nothing else. One class is admitted by its name: the
 * Artemis client's session context, whose sends {@link ArtemisSendResponses} weaves.
 */
final class Instrumenter extends ClassGate {

    private static final byte[][] JMS_PACKAGES = {ClassFile.ascii("javax/jms/"), ClassFile.ascii("jakarta/jms/")};
    private static final byte[][] FACTORY_METHODS = {ClassFile.ascii("createConnection"),
            ClassFile.ascii("createQueueConnection"), ClassFile.ascii("createTopicConnection"), ClassFile.ascii("createContext")};
    private static final byte[][] JMS_RETURN_TYPES = {ClassFile.ascii("Ljavax/jms/"), ClassFile.ascii("Ljakarta/jms/")};

    private volatile Settings settings;
    private volatile boolean jmsStarted;

    private Instrumenter(Settings settings) {
        this.settings = settings;
    }

    static Instrumenter install(Instrumentation inst, Settings settings, boolean attached) {
        Instrumenter gate = new Instrumenter(settings);
        inst.addTransformer(gate, true);
        if (attached) {
            gate.retransformLoaded(inst);
        }
        return gate;
    }

    /** New settings for the next reconnect decision of every connection; nothing is woven again. */
    void update(Settings newSettings) {
        settings = newSettings;
        if (jmsStarted) {
            JmsInstrumentation.update(newSettings);
        }
    }

    @Override
    boolean admits(ClassLoader loader, String className, byte[] classFile) {
        if (loader == null) {
            return false;
        }
        if (className.equals(ArtemisSendResponses.CLASS)) {
            return seesTheArtemisBridge(loader);
        }
        return !isExcluded(className) && isCandidate(classFile);
    }

    /**
     * Whether code of that loader links to the agent's {@link io.reattach.bridge.ArtemisSendBridge}: the woven send
     * calls it with no catch around it (there is no room for one in place), so a loader that does not see the
     * agent's jar (an isolated module system) keeps the client as it is.
     */
    private static boolean seesTheArtemisBridge(ClassLoader loader) {
        try {
            return Class.forName(ArtemisSendResponses.BRIDGE, false, loader) == io.reattach.bridge.ArtemisSendBridge.class;
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * The Artemis client's session context has its sends woven in place ({@link ArtemisSendResponses}), defined or
     * retransformed alike. A factory class being defined is woven without ASM ({@link FactoryDelegation}), which adds a
     * method per factory method; a retransformation may change method bodies only, so a class loaded before an attach
     * is woven with ASM ({@link FactoryWeaver}), and one woven at its definition is woven the same way again.
     */
    @Override
    byte[] weave(String className, Class<?> redefined, byte[] classFile) {
        if (className.equals(ArtemisSendResponses.CLASS)) {
            return ArtemisSendResponses.weave(classFile);
        }
        startJms();
        return weaveFactory(redefined, classFile);
    }

    static byte[] weaveFactory(Class<?> redefined, byte[] classFile) {
        return redefined == null || FactoryDelegation.isWovenHere(redefined) ? FactoryDelegation.weave(classFile)
                : FactoryWeaver.weave(classFile);
    }

    private void startJms() {
        if (!jmsStarted) {
            synchronized (this) {
                if (!jmsStarted) {
                    JmsInstrumentation.start(settings);
                    jmsStarted = true;
                }
            }
        }
    }

    /**
     * Classes retransformed by one call. Each call redefines its classes at one safepoint, where every application
     * thread stops while the JVM walks every loaded class: one call per batch instead of one per class means fewer
     * stops, a bounded batch keeps each one short, and the yield between batches lets the application run.
     */
    static final int RETRANSFORM_BATCH = 8;

    /**
     * After an attach: ConnectionFactory classes (and the Artemis client's session context) loaded before the agent
     * are woven through a retransformation, in batches of {@value #RETRANSFORM_BATCH}. Finding them reads loaded
     * classes only (no safepoint).
     */
    private void retransformLoaded(Instrumentation inst) {
        java.util.List<Class<?>> candidates = new java.util.ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() != null && !c.isInterface() && inst.isModifiableClass(c)
                    && (FactoryType.isConnectionFactory(c) || c.getName().equals(ARTEMIS_SESSION_CONTEXT))) {
                candidates.add(c);
            }
        }
        for (int from = 0; from < candidates.size(); from += RETRANSFORM_BATCH) {
            java.util.List<Class<?>> batch = candidates.subList(from, Math.min(candidates.size(), from + RETRANSFORM_BATCH));
            try {
                inst.retransformClasses(batch.toArray(new Class<?>[0]));
            } catch (Throwable t) {
                for (Class<?> c : batch) { // one bad class must not keep the others of its batch unwoven
                    try {
                        inst.retransformClasses(c);
                    } catch (Throwable each) {
                        Log.internalError("retransforming " + c.getName(), each);
                    }
                }
            }
            Thread.yield();
        }
        Log.debug("retransformed {} classes loaded before the attach (ConnectionFactory classes, the Artemis session context)", candidates.size());
    }

    private static final String ARTEMIS_SESSION_CONTEXT = ArtemisSendResponses.CLASS.replace('/', '.');

    /**
     * Classes the gate need not walk: the JDK's, the agent's own, and two libraries that are about half the classes an
     * application of the Artemis or Qpid JMS client loads before its first send, and that declare no JMS API: Netty (the
     * transport under both) and Proton-J (Qpid's AMQP engine).
     */
    static boolean isExcluded(String className) {
        return className.startsWith("java/") || className.startsWith("javax/") && !className.startsWith("javax/jms/")
                || className.startsWith("jdk/") || className.startsWith("sun/") || className.startsWith("com/sun/")
                || className.startsWith("io/reattach/") || className.startsWith("io/netty/")
                || className.startsWith("org/apache/qpid/proton/");
    }

    /**
     * Whether a class file may declare a ConnectionFactory method the agent weaves: its constant pool must name
     * one of the methods ({@code createConnection}, ...) and mention a JMS package (the method's return type).
     * A factory subclass that does not override them needs no weaving: it inherits the woven methods. Two walks of the
     * pool ({@link ConstantPool}): the first compares only the entries as long as a factory method's name, so that most
     * classes cost no byte-by-byte search; the second, for the few classes that name one, looks for a JMS package. A
     * class file these walks do not understand is handed on, for the weaver to decide. Last, for those few,
     * {@link MethodTable}: the class must declare such a method with code, not only call one (the application's own
     * classes call {@code createConnection}).
     */
    static boolean isCandidate(byte[] b) {
        return ConstantPool.hasEntryEqualTo(b, FACTORY_METHODS) && ConstantPool.hasEntryContaining(b, JMS_PACKAGES)
                && MethodTable.declares(b, FACTORY_METHODS, JMS_RETURN_TYPES);
    }
}
