package io.reattach.weave;

/**
 * The class file of {@code public final class <name> { public static MethodHandles.Lookup lookup() { return
 * MethodHandles.lookup(); } }}, the class that {@code io.reattach.jms.PackageLookup} defines in a package to take a
 * lookup with full privileges there. Written with the proxies' pool and template ({@link ProxyClassFile}); the code
 * has no branch, so no stack map frames.
 */
public final class LookupClassFile {
    private static final String LOOKUP_DESCRIPTOR = "()Ljava/lang/invoke/MethodHandles$Lookup;";

    private LookupClassFile() {
    }

    /** @param className the class's binary name, in the package it is to be defined in */
    public static byte[] write(String className) {
        ClassFile.Pool pool = ClassFile.Pool.empty();
        int thisClass = pool.classEntry(className.replace('.', '/'));
        int object = pool.classEntry("java/lang/Object");
        int lookup = pool.methodref("java/lang/invoke/MethodHandles", "lookup", LOOKUP_DESCRIPTOR);
        int code = pool.utf8Entry("Code");

        ClassFile.Out members = new ClassFile.Out(64);
        members.u2(0); // no fields
        members.u2(1);
        members.u2(ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC).u2(pool.utf8Entry("lookup")).u2(pool.utf8Entry(LOOKUP_DESCRIPTOR));
        members.u2(1);
        Template t = new Template(0);
        t.op(Template.INVOKESTATIC).u2(lookup).op(Template.ARETURN);
        t.writeCode(members, code, 1, 0, new int[0][], 0);

        ClassFile.Out out = new ClassFile.Out(members.size() + pool.appendedLength() + 32);
        out.u4(0xCAFEBABE).u2(0).u2(52); // Java 8, like the rest of the agent
        out.u2(pool.count()).bytes(pool.appended());
        out.u2(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER | ClassFile.ACC_SYNTHETIC).u2(thisClass).u2(object);
        out.u2(0); // no interfaces
        out.bytes(members.toByteArray());
        out.u2(0); // no class attributes
        return out.toByteArray();
    }
}
