package io.reattach.agent;

import io.reattach.weave.ClassFile;

import static io.reattach.weave.ClassFile.skipAttributes;
import static io.reattach.weave.ClassFile.u2;

/**
 * Reads a class file's method table without parsing the class: whether it declares an instance method with code of a
 * given name whose return type is in a given package. The class gate asks this only of the few classes whose constant
 * pool names a factory method and JMS ({@link Instrumenter#isCandidate}): most of those only call a factory (the
 * application's own classes), and telling them apart here keeps them from ASM, whose first class costs the
 * application milliseconds of class loading and interpreted parsing.
 */
final class MethodTable {
    private MethodTable() {
    }

    /**
     * Whether a class (not an interface) declares an instance method with code named one of {@code names} whose
     * descriptor's return type starts with one of {@code returnPrefixes} (such as {@code Ljavax/jms/}); also true when
     * the file is not understood, for the weaver to decide.
     */
    static boolean declares(byte[] b, byte[][] names, byte[][] returnPrefixes) {
        try {
            int[] utf8 = ConstantPool.utf8Offsets(b);
            if (utf8 == null) {
                return true;
            }
            int i = utf8[utf8.length - 1];
            if ((u2(b, i) & ClassFile.ACC_INTERFACE) != 0) {
                return false;
            }
            i += 6; // access, this, super
            i += 2 + 2 * u2(b, i); // interfaces
            i = ClassFile.skipMembers(b, i); // fields
            int methods = u2(b, i);
            i += 2;
            for (int m = 0; m < methods; m++) {
                int access = u2(b, i);
                if (ClassFile.isInstanceMethodWithCode(access) && isOneOf(b, utf8[u2(b, i + 2)], names)
                        && returnsOneOf(b, utf8[u2(b, i + 4)], returnPrefixes)) {
                    return true;
                }
                i = skipAttributes(b, i + 6);
            }
            return false;
        } catch (ArrayIndexOutOfBoundsException e) {
            return true;
        }
    }

    /** {@code at}: the offset of a UTF-8 entry's length (0: not a UTF-8 entry). */
    private static boolean isOneOf(byte[] b, int at, byte[][] names) {
        if (at == 0) {
            return false;
        }
        int length = u2(b, at);
        for (byte[] name : names) {
            if (name.length == length && regionEquals(b, at + 2, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean returnsOneOf(byte[] b, int at, byte[][] prefixes) {
        if (at == 0) {
            return false;
        }
        int end = at + 2 + u2(b, at);
        int close = at + 2;
        while (close < end && b[close] != ')') {
            close++;
        }
        for (byte[] prefix : prefixes) {
            if (close + 1 + prefix.length <= end && regionEquals(b, close + 1, prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionEquals(byte[] b, int from, byte[] expected) {
        for (int j = 0; j < expected.length; j++) {
            if (b[from + j] != expected[j]) {
                return false;
            }
        }
        return true;
    }

}
