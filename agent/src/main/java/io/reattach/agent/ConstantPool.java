package io.reattach.agent;

import io.reattach.weave.ClassFile;

import static io.reattach.weave.ClassFile.u2;

/**
 * The walk over a class file's constant pool that the class gates share ({@link Instrumenter} for JMS,
 * {@link JdbcInstrumentation} for JDBC): every loaded class passes one, so it reads the bytes without parsing the
 * class. The pool comes first, its entries are skipped by length, and only the UTF-8 entries are compared.
 */
final class ConstantPool {
    private ConstantPool() {
    }

    /**
     * The bytes each kind of constant takes after its tag, by tag ({@link ClassFile#entrySizes}), kept here for the
     * walks. A table rather than a {@code switch}: the JIT compiles a switch only for the tags it has seen, and the
     * first class with another (a {@code MethodHandle}, a {@code Long}) threw the compiled walk away to compile it
     * again, several times during an application's start-up, on a core the application needs.
     */
    private static final byte[] SIZE = ClassFile.entrySizes();
    /** The pool slots each kind takes: two for Long and Double, else one. */
    private static final byte[] SLOTS = ClassFile.entrySlots();
    private static final int UTF8 = ClassFile.UTF8;

    /** The offset after the entry at {@code i}, which is not UTF-8; -1 for a tag the walks do not know. */
    private static int skip(int i, int tag) {
        int size = SIZE[tag];
        return size == 0 ? -1 : i + 1 + size;
    }

    /**
     * Whether a UTF-8 entry of the pool equals one of {@code names} (ASCII); only entries of their lengths are compared.
     * True also when the walk does not understand the file (a newer tag, a truncated file): the weaver then decides.
     */
    static boolean hasEntryEqualTo(byte[] b, byte[][] names) {
        return equalEntries(b, names) != 0;
    }

    /**
     * {@link #hasEntryEqualTo} as 1 or 0, the walk that every class passes, written so that the JIT compiles no trap
     * into it: nearly every class names none of {@code names}, so a branch on a match is one the profile has never
     * seen taken, and the compiled walk met its first match by being thrown away and compiled again (four times in an
     * application's start-up, about 25 ms of the C2 compiler on a core the application needs: BENCHMARKS.md). The
     * matches are added up without a branch ({@link #equal}), and only the caller asks about the sum.
     */
    private static int equalEntries(byte[] b, byte[][] names) {
        try {
            int count = u2(b, 8);
            int found = 0;
            for (int index = 1, i = 10; index < count; ) {
                int tag = b[i] & 0xff;
                if (tag == UTF8) {
                    int length = u2(b, i + 1);
                    for (byte[] name : names) {
                        if (length == name.length) {
                            found |= equal(b, i + 3, name);
                        }
                    }
                    i += 3 + length;
                    index++;
                } else if ((i = skip(i, tag)) < 0) {
                    return 1;
                } else {
                    index += SLOTS[tag];
                }
            }
            return found;
        } catch (ArrayIndexOutOfBoundsException e) {
            return 1;
        }
    }

    /** 1 when {@code b[from, from + name.length)} is {@code name}, else 0: every byte compared, the outcome not branched on. */
    private static int equal(byte[] b, int from, byte[] name) {
        int diff = 0;
        for (int j = 0; j < name.length; j++) {
            diff |= (b[from + j] ^ name[j]) & 0xff;
        }
        return (diff - 1) >>> 31; // 1 for 0; 0 for 1 to 255
    }

    /**
     * Whether a UTF-8 entry of the pool contains one of {@code needles} (ASCII); true also when the walk does not
     * understand the file. A walk of its own, not a flag of the one above: that one runs for every class, this one
     * for the few that pass it, and one compiled loop for both was thrown away each time the flag changed.
     */
    static boolean hasEntryContaining(byte[] b, byte[][] needles) {
        try {
            int count = u2(b, 8);
            for (int index = 1, i = 10; index < count; ) {
                int tag = b[i] & 0xff;
                if (tag == UTF8) {
                    int length = u2(b, i + 1);
                    for (byte[] needle : needles) {
                        if (length >= needle.length && contains(b, i + 3, length, needle)) {
                            return true;
                        }
                    }
                    i += 3 + length;
                    index++;
                } else if ((i = skip(i, tag)) < 0) {
                    return true;
                } else {
                    index += SLOTS[tag];
                }
            }
            return false;
        } catch (ArrayIndexOutOfBoundsException e) {
            return true;
        }
    }

    /**
     * The offset of each UTF-8 entry's length, by pool index (0 for every other entry), with one slot more at the end:
     * the offset just after the pool, where the class's access flags are. Null when the walk does not understand the
     * file. For the few classes that pass the walks above ({@link MethodTable}).
     */
    static int[] utf8Offsets(byte[] b) {
        int count = u2(b, 8);
        int[] offsets = new int[count + 1];
        int i = 10;
        for (int index = 1; index < count; ) {
            int tag = b[i] & 0xff;
            if (tag == UTF8) {
                offsets[index] = i + 1;
                i += 3 + u2(b, i + 1);
                index++;
            } else if ((i = skip(i, tag)) < 0) {
                return null;
            } else {
                index += SLOTS[tag];
            }
        }
        offsets[count] = i;
        return offsets;
    }

    /**
     * Whether {@code needle} occurs in {@code b[from, from + length)}. The loop runs to an exclusive bound, worked out
     * first: the JIT guards an inclusive one with a check that failed here and had the method compiled again.
     */
    private static boolean contains(byte[] b, int from, int length, byte[] needle) {
        byte first = needle[0];
        int end = from + length - needle.length + 1;
        outer:
        for (int i = from; i < end; i++) {
            if (b[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
