package io.reattach.agent;

/**
 * The walk over a class file's constant pool that the class gates share ({@link Instrumenter} for JMS,
 * {@link JdbcInstrumentation} for JDBC): every loaded class passes one, so it reads the bytes without parsing the
 * class. The pool comes first, its entries are skipped by length, and only the UTF-8 entries are compared.
 */
final class ConstantPool {
    private ConstantPool() {
    }

    /** Whether a UTF-8 entry of the pool equals one of {@code names} (ASCII); only entries of their lengths are compared. */
    static boolean hasEntryEqualTo(byte[] classFile, byte[][] names) {
        return walk(classFile, names, true);
    }

    /** Whether a UTF-8 entry of the pool contains one of {@code needles} (ASCII). */
    static boolean hasEntryContaining(byte[] classFile, byte[][] needles) {
        return walk(classFile, needles, false);
    }

    /**
     * @return true when a UTF-8 entry equals (or with {@code !whole}, contains) a needle, and also when the walk does
     * not understand the file (a newer tag, a truncated file): the weaver then decides. The match is written out in
     * the loop rather than passed in as a test: most classes run this walk before the JIT compiles it, where a call
     * per entry would cost a third more.
     */
    private static boolean walk(byte[] b, byte[][] needles, boolean whole) {
        try {
            int count = u2(b, 8);
            int i = 10;
            for (int index = 1; index < count; index++) {
                switch (b[i]) {
                    case 1: // Utf8
                        int length = u2(b, i + 1);
                        for (byte[] needle : needles) {
                            if ((whole ? length == needle.length : length >= needle.length) && contains(b, i + 3, length, needle)) {
                                return true;
                            }
                        }
                        i += 3 + length;
                        break;
                    case 5: // Long
                    case 6: // Double: two slots
                        i += 9;
                        index++;
                        break;
                    case 7: // Class
                    case 8: // String
                    case 16: // MethodType
                    case 19: // Module
                    case 20: // Package
                        i += 3;
                        break;
                    case 15: // MethodHandle
                        i += 4;
                        break;
                    case 3: // Integer
                    case 4: // Float
                    case 9: // Fieldref
                    case 10: // Methodref
                    case 11: // InterfaceMethodref
                    case 12: // NameAndType
                    case 17: // Dynamic
                    case 18: // InvokeDynamic
                        i += 5;
                        break;
                    default:
                        return true;
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
     * file. For the few classes that pass the walks above ({@link MethodTable}); those are written out for speed.
     */
    static int[] utf8Offsets(byte[] b) {
        int count = u2(b, 8);
        int[] offsets = new int[count + 1];
        int i = 10;
        for (int index = 1; index < count; index++) {
            switch (b[i]) {
                case 1: // Utf8
                    offsets[index] = i + 1;
                    i += 3 + u2(b, i + 1);
                    break;
                case 5: // Long
                case 6: // Double: two slots
                    i += 9;
                    index++;
                    break;
                case 7: // Class
                case 8: // String
                case 16: // MethodType
                case 19: // Module
                case 20: // Package
                    i += 3;
                    break;
                case 15: // MethodHandle
                    i += 4;
                    break;
                case 3: // Integer
                case 4: // Float
                case 9: // Fieldref
                case 10: // Methodref
                case 11: // InterfaceMethodref
                case 12: // NameAndType
                case 17: // Dynamic
                case 18: // InvokeDynamic
                    i += 5;
                    break;
                default:
                    return null;
            }
        }
        offsets[count] = i;
        return offsets;
    }

    private static boolean contains(byte[] b, int from, int length, byte[] needle) {
        int last = from + length - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (b[i] != needle[0]) {
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

    static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }

    static int u2(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
