package io.reattach.weave;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A method woven to call a bridge's {@code enter} and {@code exit}: the entry calls {@code enter(Object this, ...)}
 * with the arguments the subclass pushes ({@link #pushEnterArguments}) and stores what it returned (the call, null
 * when the agent leaves this call alone) in own local 0; the exit hands a call that is not null to
 * {@code exit(Object call, Object result, Throwable thrown)}, whose {@code {result, thrown}} answer, when not null,
 * replaces the method's outcome. Shared by {@link FactoryWeaver} and {@link DriverWeaver}.
 */
abstract class BridgeCallWrap extends MethodWrap {
    private final String bridge;
    private final String enterDescriptor;

    /**
     * @param bridge          the internal name of the class with the static {@code enter} and {@code exit}
     * @param enterDescriptor {@code enter}'s descriptor: {@code (Ljava/lang/Object;...)Ljava/lang/Object;}
     */
    BridgeCallWrap(MethodVisitor next, Target target, String bridge, String enterDescriptor) {
        super(next, target, "java/lang/Object");
        this.bridge = bridge;
        this.enterDescriptor = enterDescriptor;
    }

    /** {@code enter}'s arguments after {@code this}. */
    abstract void pushEnterArguments();

    @Override
    protected final void onEnter() {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        pushEnterArguments();
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, bridge, "enter", enterDescriptor, false);
        mv.visitVarInsn(Opcodes.ASTORE, own(0));
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
