package io.reattach.weave;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;

import java.util.ArrayList;
import java.util.List;

/**
 * Code woven around one method's body, in the shape of advice: {@link #onEnter} runs before the body, {@link #onExit}
 * after it, however it ended, and sees the outcome in two locals (the value to return, the throwable to throw, null
 * when it returned) that it may replace. The woven method then returns or throws what those locals hold.
 *
 * <pre>
 *   own locals = defaults
 *   try { onEnter } catch (any) { own locals = defaults }
 *   try { body, each return becoming: result = value; thrown = null; goto exit }
 *   catch (any t) { thrown = t; result = default }
 *   exit: try { onExit } catch (any) { }
 *   if (thrown != null) throw thrown; return result;
 * </pre>
 *
 * Each woven part runs inside its own catch-all handler: if it fails (a bridge class that does not link, a bad cast),
 * the method goes on as if nothing had been woven. The exit part runs outside every handler of the body, so what it
 * throws (a replaced outcome) is not caught by the provider's own code.
 *
 * <p>New locals come after the method's own ({@link Target#maxLocals}): the subclass's "own" locals (live from entry
 * to exit, one slot each: references or ints), then the result, the throwable and one scratch slot. Stack map frames
 * are kept, not computed (that would need the common superclass of two types, which means loading classes): each of
 * the body's frames is extended with the own locals, and the woven parts get frames built from the method descriptor
 * and the new locals. Hence {@code ClassReader.EXPAND_FRAMES}. Subclasses emit through {@link #mv} and call
 * {@link #enterFrame} or {@link #exitFrame} at each label they jump to.
 */
abstract class MethodWrap extends MethodVisitor {
    private static final Object[] NONE = {};
    private static final Object[] THROWABLE = {"java/lang/Throwable"};

    protected final Target target;
    private final Type returnType;
    private final Object[] ownTypes;
    private final int resultSlot;
    private final int thrownSlot;

    private final Label enterStart = new Label();
    private final Label enterEnd = new Label();
    private final Label enterHandler = new Label();
    private final Label bodyStart = new Label();
    private final Label bodyEnd = new Label();
    private final Label bodyHandler = new Label();
    private final Label exit = new Label();
    private final Label exitStart = new Label();
    private final Label exitEnd = new Label();
    private final Label exitHandler = new Label();
    private final Label outcome = new Label();
    private final Label returning = new Label();

    private boolean started;
    private boolean finished;
    /** The frame at the start of the body, emitted with the body's first instruction unless the body brings its own. */
    private boolean bodyFramePending;

    /**
     * @param ownTypes the frame types of the own locals: an internal name, or {@link Opcodes#INTEGER}
     */
    protected MethodWrap(MethodVisitor next, Target target, Object... ownTypes) {
        super(ClassWeaver.ASM_API, next);
        this.target = target;
        this.returnType = Type.getReturnType(target.descriptor);
        this.ownTypes = ownTypes.clone();
        this.resultSlot = target.maxLocals + ownTypes.length;
        this.thrownSlot = resultSlot + Math.max(0, returnType.getSize());
    }

    /** Code before the body. May read the arguments, set the own locals and replace an argument (same type). */
    protected abstract void onEnter();

    /** Code after the body. Reads the own locals, {@link #resultSlot()} and {@link #thrownSlot()}; may replace the last two. */
    protected abstract void onExit();

    protected final int own(int index) {
        return target.maxLocals + index;
    }

    /** The value the method returns (absent for void). */
    protected final int resultSlot() {
        return resultSlot;
    }

    /** The throwable the method throws, null when it returns. */
    protected final int thrownSlot() {
        return thrownSlot;
    }

    /** A local that {@link #onExit} may use between two of its frames. */
    protected final int scratchSlot() {
        return thrownSlot + 1;
    }

    protected final Type returnType() {
        return returnType;
    }

    /** The frame at a label inside {@link #onEnter}: arguments and own locals. */
    protected final void enterFrame() {
        frame(enterLocals(), NONE);
    }

    /** The frame at a label inside {@link #onExit}: own locals, result and throwable. */
    protected final void exitFrame() {
        frame(exitLocals(), NONE);
    }

    // The body comes as the reader visits it: try-catch blocks first, then instructions. The entry part goes in
    // before the first instruction, after the body's own try-catch blocks, so that those stay first in the exception
    // table and keep catching what they caught.

    private void start() {
        if (started) {
            return;
        }
        started = true;
        mv.visitTryCatchBlock(enterStart, enterEnd, enterHandler, null);
        mv.visitTryCatchBlock(bodyStart, bodyEnd, bodyHandler, null);
        mv.visitTryCatchBlock(exitStart, exitEnd, exitHandler, null);
        storeOwnDefaults();
        mv.visitLabel(enterStart);
        onEnter();
        mv.visitLabel(enterEnd);
        mv.visitJumpInsn(Opcodes.GOTO, bodyStart);
        mv.visitLabel(enterHandler);
        frame(enterLocals(), THROWABLE);
        mv.visitInsn(Opcodes.POP);
        storeOwnDefaults();
        mv.visitLabel(bodyStart);
        bodyFramePending = target.frames;
    }

    private void instruction() {
        start();
        if (bodyFramePending) {
            bodyFramePending = false;
            frame(enterLocals(), NONE);
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        instruction();
        finished = true;
        mv.visitLabel(bodyEnd);
        mv.visitLabel(bodyHandler);
        frame(ownLocalsOnly(), THROWABLE);
        mv.visitVarInsn(Opcodes.ASTORE, thrownSlot);
        if (returnType.getSort() != Type.VOID) {
            pushDefault(returnType);
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), resultSlot);
        }
        mv.visitLabel(exit);
        exitFrame();
        mv.visitLabel(exitStart);
        onExit();
        mv.visitLabel(exitEnd);
        mv.visitJumpInsn(Opcodes.GOTO, outcome);
        mv.visitLabel(exitHandler);
        frame(exitLocals(), THROWABLE);
        mv.visitInsn(Opcodes.POP);
        mv.visitLabel(outcome);
        exitFrame();
        mv.visitVarInsn(Opcodes.ALOAD, thrownSlot);
        mv.visitJumpInsn(Opcodes.IFNULL, returning);
        mv.visitVarInsn(Opcodes.ALOAD, thrownSlot);
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitLabel(returning);
        exitFrame();
        if (returnType.getSort() == Type.VOID) {
            mv.visitInsn(Opcodes.RETURN);
        } else {
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), resultSlot);
            mv.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
        }
    }

    private void storeOwnDefaults() {
        for (int i = 0; i < ownTypes.length; i++) {
            if (ownTypes[i] == Opcodes.INTEGER) {
                mv.visitInsn(Opcodes.ICONST_0);
                mv.visitVarInsn(Opcodes.ISTORE, own(i));
            } else {
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitVarInsn(Opcodes.ASTORE, own(i));
            }
        }
    }

    private void pushDefault(Type type) {
        switch (type.getSort()) {
            case Type.LONG:
                mv.visitInsn(Opcodes.LCONST_0);
                break;
            case Type.FLOAT:
                mv.visitInsn(Opcodes.FCONST_0);
                break;
            case Type.DOUBLE:
                mv.visitInsn(Opcodes.DCONST_0);
                break;
            case Type.OBJECT:
            case Type.ARRAY:
                mv.visitInsn(Opcodes.ACONST_NULL);
                break;
            default:
                mv.visitInsn(Opcodes.ICONST_0);
        }
    }

    // Frames. Locals are listed as ASM's expanded frames list them: a long or double is one entry for two slots.

    private void frame(Object[] locals, Object[] stack) {
        if (target.frames) {
            mv.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
        }
    }

    /** At entry: this, the arguments as declared, then the own locals. */
    private Object[] enterLocals() {
        List<Object> locals = new ArrayList<>();
        if (!target.isStatic()) {
            locals.add(target.owner);
        }
        for (Type argument : Type.getArgumentTypes(target.descriptor)) {
            locals.add(frameType(argument));
        }
        return withOwnLocals(locals.toArray(), locals.size());
    }

    /** In the body's handler: nothing is known of the body's locals; the own locals are as entry set them. */
    private Object[] ownLocalsOnly() {
        return withOwnLocals(NONE, 0);
    }

    private Object[] exitLocals() {
        List<Object> locals = new ArrayList<>();
        for (Object own : ownLocalsOnly()) {
            locals.add(own);
        }
        if (returnType.getSort() != Type.VOID) {
            locals.add(frameType(returnType));
        }
        locals.add("java/lang/Throwable");
        return locals.toArray();
    }

    /** {@code locals}, padded with TOP up to the first new slot, then the own locals. */
    private Object[] withOwnLocals(Object[] locals, int count) {
        List<Object> result = new ArrayList<>();
        int slots = 0;
        for (int i = 0; i < count; i++) {
            result.add(locals[i]);
            slots += locals[i] == Opcodes.LONG || locals[i] == Opcodes.DOUBLE ? 2 : 1;
        }
        if (slots > target.maxLocals) {
            throw new IllegalStateException("a frame of " + target.name + " has " + slots + " locals, max_locals is " + target.maxLocals);
        }
        for (; slots < target.maxLocals; slots++) {
            result.add(Opcodes.TOP);
        }
        for (Object own : ownTypes) {
            result.add(own);
        }
        return result.toArray();
    }

    private static Object frameType(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN:
            case Type.CHAR:
            case Type.BYTE:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            case Type.ARRAY:
                return type.getDescriptor();
            default:
                return type.getInternalName();
        }
    }

    // The body passes through: each frame extended with the own locals, each return sent to the exit part.

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        start();
        if (type != Opcodes.F_NEW) {
            throw new IllegalStateException("expanded frames expected (ClassReader.EXPAND_FRAMES)");
        }
        bodyFramePending = false; // the body's own frame at its first instruction: the entry part's state fits it
        Object[] locals = withOwnLocals(local, numLocal);
        super.visitFrame(Opcodes.F_NEW, locals.length, locals, numStack, stack);
    }

    @Override
    public void visitInsn(int opcode) {
        instruction();
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            if (returnType.getSort() != Type.VOID) {
                mv.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), resultSlot);
            }
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitVarInsn(Opcodes.ASTORE, thrownSlot);
            mv.visitJumpInsn(Opcodes.GOTO, exit);
        } else {
            super.visitInsn(opcode);
        }
    }

    @Override
    public void visitLabel(Label label) {
        start();
        super.visitLabel(label);
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        start();
        super.visitLineNumber(line, start);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        instruction();
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        instruction();
        super.visitVarInsn(opcode, var);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        instruction();
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        instruction();
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        instruction();
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethodHandle, Object... bootstrapMethodArguments) {
        instruction();
        super.visitInvokeDynamicInsn(name, descriptor, bootstrapMethodHandle, bootstrapMethodArguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        instruction();
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        instruction();
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        instruction();
        super.visitIincInsn(var, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        instruction();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        instruction();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        instruction();
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    // After the last instruction: the local variable table (debug information), then the maxima.

    @Override
    public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
        finish();
        super.visitLocalVariable(name, descriptor, signature, start, end, index);
    }

    @Override
    public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath, Label[] start, Label[] end, int[] index,
                                                          String descriptor, boolean visible) {
        finish();
        return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, index, descriptor, visible);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        finish();
        super.visitMaxs(maxStack, maxLocals);
    }
}
