package io.reattach.agent;

import java.lang.instrument.Instrumentation;
import java.util.Collections;

/**
 * The module call of the socket support, linked directly: this source set ({@code src/main/java9}) is compiled for
 * Java 9, and {@link SocketInstrumentation} loads the class only on a JVM with modules. By reflection, as from the
 * agent's Java 8 bytecode, the same call cost about 30 ms of start-up on JDK 25, where each reflective call builds its
 * own method handles; direct, about 3 ms (BENCHMARKS.md, "Start-up").
 */
final class ModuleReads {
    private ModuleReads() {
    }

    /** Lets code in java.base (the woven JDK classes) link {@code bridge}, a class of the bootstrap class path. */
    static void letJavaBaseRead(Instrumentation inst, Class<?> bridge) {
        // java.base named by Object, not Socket: naming Socket here would load it before the transformer is in place,
        // and weaving it by a retransformation would then load ASM inside premain, tens of milliseconds for a JVM that
        // may never open a socket to a target.
        inst.redefineModule(Object.class.getModule(), Collections.singleton(bridge.getModule()), Collections.emptyMap(),
                Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
    }
}
