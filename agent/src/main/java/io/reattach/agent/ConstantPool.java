package io.reattach.agent;

/**
 * Whether a class file's constant pool holds a given UTF-8 entry, read from the bytes without parsing the class: the
 * pool comes first, its entries are skipped by length, and only entries of the wanted length are compared.
 */
final class ConstantPool {
    private ConstantPool() {
    }

    /**
     * @return true when an entry equals {@code utf8} (ASCII), and also when the walk does not understand the file
     * (a newer tag, a truncated file): the weaver then decides
     */
    static boolean hasUtf8(byte[] b, byte[] utf8) {
        try {
            int count = u2(b, 8);
            int i = 10;
            for (int index = 1; index < count; index++) {
                switch (b[i]) {
                    case 1: // Utf8
                        int length = u2(b, i + 1);
                        if (length == utf8.length && equalsAt(b, i + 3, utf8)) {
                            return true;
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

    static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }

    private static boolean equalsAt(byte[] b, int from, byte[] needle) {
        for (int j = 0; j < needle.length; j++) {
            if (b[from + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }

    private static int u2(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
