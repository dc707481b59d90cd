package io.reattach.weave;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A method woven to call a bridge's {@code enter} and {@code exit}: the subclass's {@link #onEnter} stores what
 * {@code enter} returned (the call, null when the agent leaves this call alone) in own local 0; the exit hands a
 * call that is not null to {@code exit(Object call, Object result, Throwable thrown)}, whose {@code {result, thrown}}
 * answer, when not null, replaces the method's outcome. Shared by {@link FactoryWeaver} and {@link DriverWeaver}.
 */
abstract class BridgeCallWrap extends MethodWrap {
    private final String bridge;

    /** @param bridge the internal name of the class with the static {@code exit} */
    BridgeCallWrap(MethodVisitor next, Target target, String bridge) {
        super(next, target, "java/lang/Object");
        this.bridge = bridge;
    }

    @Override
    protected final void onExit() {
        Label done = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, own(0));
        mv.visitJumpInsn(Opcodes.IFNULL, done);
        mv.visitVarInsn(Opcodes.ALOAD, own(0));
        mv.visitVarInsn(Opcodes.ALOAD, resultSlot());
        mv.visitVarInsn(Opcodes.ALOAD, thrownSlot());
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, bridge, "exit",
                "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)[Ljava/lang/Object;", false);
        mv.visitVarInsn(Opcodes.ASTORE, scratchSlot());
        mv.visitVarInsn(Opcodes.ALOAD, scratchSlot());
        mv.visitJumpInsn(Opcodes.IFNULL, done);
        // Both casts before either store: a bad outcome leaves the method's own outcome whole.
        mv.visitVarInsn(Opcodes.ALOAD, scratchSlot());
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitInsn(Opcodes.AALOAD);
        mv.visitTypeInsn(Opcodes.CHECKCAST, returnType().getInternalName());
        mv.visitVarInsn(Opcodes.ALOAD, scratchSlot());
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.AALOAD);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Throwable");
        mv.visitVarInsn(Opcodes.ASTORE, thrownSlot());
        mv.visitVarInsn(Opcodes.ASTORE, resultSlot());
        mv.visitLabel(done);
        exitFrame();
    }
}
