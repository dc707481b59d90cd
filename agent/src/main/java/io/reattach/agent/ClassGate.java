package io.reattach.agent;

import io.reattach.log.Log;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * A plain transformer that hands the classes its gate admits to a weaver. A class the weaver fails on stays as it
 * is, logged once: it then behaves as without the agent.
 */
abstract class ClassGate implements ClassFileTransformer {

    /** Whether the class goes on to {@link #weave}; runs for every loaded class, so it must be cheap. */
    abstract boolean admits(ClassLoader loader, String className, byte[] classFile);

    /**
     * The woven class file, or null to keep it as it is.
     *
     * @param redefined the class a retransformation redefines (which may change method bodies only), or null for a
     *                  class being defined
     */
    abstract byte[] weave(String className, Class<?> redefined, byte[] classFile);

    @Override
    public final byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                                  ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || classfileBuffer == null || !admits(loader, className, classfileBuffer)) {
            return null;
        }
        try {
            byte[] woven = weave(className, classBeingRedefined, classfileBuffer);
            if (woven != null) {
                Log.debug("woven: {}", className.replace('/', '.'));
            }
            return woven;
        } catch (Throwable t) {
            Log.internalError("weaving " + className.replace('/', '.'), t);
            return null;
        }
    }
}
