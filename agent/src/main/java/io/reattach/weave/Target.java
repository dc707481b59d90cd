package io.reattach.weave;

import org.objectweb.asm.Opcodes;

/** One method to weave, as the class file declares it. */
final class Target {
    /** The class's internal name ({@code java/net/Socket}). */
    final String owner;
    final int access;
    final String name;
    final String descriptor;
    /** The method's own max_locals: the woven code's locals come after them. */
    final int maxLocals;
    /** Whether the class file carries stack map frames (version 50 and later), which the woven code must then add. */
    final boolean frames;

    Target(String owner, int access, String name, String descriptor, int maxLocals, int classVersion) {
        this.owner = owner;
        this.access = access;
        this.name = name;
        this.descriptor = descriptor;
        this.maxLocals = maxLocals;
        this.frames = (classVersion & 0xFFFF) >= Opcodes.V1_6;
    }

    boolean isStatic() {
        return (access & Opcodes.ACC_STATIC) != 0;
    }
}
