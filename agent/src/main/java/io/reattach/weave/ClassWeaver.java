package io.reattach.weave;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashMap;
import java.util.Map;

/**
 * Rewrites the methods that a {@link Selection} picks, with ASM alone: no type pool, no class loading. The class file
 * is read twice: a first pass finds the picked methods and their {@code max_locals} (the woven code's own locals go
 * after them), a second writes them wrapped. Every other method, the constant pool and the attributes are kept as they
 * are, so a retransformation (which may change method bodies only) accepts the result.
 */
final class ClassWeaver {
    static final int ASM_API = Opcodes.ASM9;

    private ClassWeaver() {
    }

    /** Which methods of a class are woven, and how. */
    abstract static class Selection {
        /** The class header, first. */
        void visitClass(int version, int access, String name, String superName, String[] interfaces) {
        }

        /** Each field the class declares, before its methods. */
        void visitField(int access, String name, String descriptor) {
        }

        abstract boolean selects(int access, String name, String descriptor);

        /** The code that weaves {@code target}, in front of {@code next}. */
        abstract MethodWrap wrap(MethodVisitor next, Target target);
    }

    /** The woven class file, or null when the selection picks no method. */
    static byte[] weave(byte[] classFile, Selection selection) {
        ClassReader reader = new ClassReader(classFile);
        Scan scan = new Scan(selection);
        reader.accept(scan, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        if (scan.maxLocals.isEmpty()) {
            return null;
        }
        // COMPUTE_MAXS, not COMPUTE_FRAMES: frames are kept and extended by MethodWrap, because computing them anew
        // needs the common superclass of types, which means loading classes.
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new Weave(writer, selection, scan), ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /** First pass: the picked methods and their max_locals. */
    private static final class Scan extends ClassVisitor {
        final Selection selection;
        final Map<String, Integer> maxLocals = new HashMap<>();
        String owner;
        int version;

        Scan(Selection selection) {
            super(ASM_API);
            this.selection = selection;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.owner = name;
            this.version = version;
            selection.visitClass(version, access, name, superName, interfaces);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            selection.visitField(access, name, descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, final String name, final String descriptor, String signature, String[] exceptions) {
            if (!selection.selects(access, name, descriptor)) {
                return null;
            }
            return new MethodVisitor(ASM_API) {
                @Override
                public void visitMaxs(int maxStack, int locals) {
                    maxLocals.put(name + descriptor, locals);
                }
            };
        }
    }

    /** Second pass: the picked methods go through their wrap on the way to the writer. */
    private static final class Weave extends ClassVisitor {
        private final Selection selection;
        private final Scan scan;

        Weave(ClassVisitor writer, Selection selection, Scan scan) {
            super(ASM_API, writer);
            this.selection = selection;
            this.scan = scan;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            Integer maxLocals = scan.maxLocals.get(name + descriptor);
            if (maxLocals == null) {
                return next;
            }
            return selection.wrap(next, new Target(scan.owner, access, name, descriptor, maxLocals, scan.version));
        }
    }
}
