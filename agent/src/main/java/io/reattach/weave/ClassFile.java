package io.reattach.weave;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link FactoryDelegation} reads and writes of a class file by hand (JVMS chapter 4): big-endian numbers, the
 * members' and attributes' lengths, descriptors, and the constant pool with the entries it appends.
 */
final class ClassFile {
    private ClassFile() {
    }

    static int u2(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    static int u4(byte[] b, int i) {
        return (u2(b, i) << 16) | u2(b, i + 2);
    }

    static void putU2(byte[] b, int i, int value) {
        b[i] = (byte) (value >>> 8);
        b[i + 1] = (byte) value;
    }

    /** The offset after an attribute table that starts (with its count) at {@code i}. */
    static int skipAttributes(byte[] b, int i) {
        int count = u2(b, i);
        i += 2;
        for (int k = 0; k < count; k++) {
            i += 6 + u4(b, i + 2);
        }
        return i;
    }

    /** The offset after a field or method table that starts (with its count) at {@code i}. */
    static int skipMembers(byte[] b, int i) {
        int count = u2(b, i);
        i += 2;
        for (int k = 0; k < count; k++) {
            i = skipAttributes(b, i + 6);
        }
        return i;
    }

    /** The descriptor of each parameter of a method descriptor: {@code I}, {@code Ljava/lang/String;}, {@code [J}... */
    static List<String> argumentTypes(String methodDescriptor) {
        List<String> types = new ArrayList<>();
        int i = 1;
        while (methodDescriptor.charAt(i) != ')') {
            int start = i;
            while (methodDescriptor.charAt(i) == '[') {
                i++;
            }
            i = methodDescriptor.charAt(i) == 'L' ? methodDescriptor.indexOf(';', i) + 1 : i + 1;
            types.add(methodDescriptor.substring(start, i));
        }
        return types;
    }

    /** The wrapper class of a primitive type's descriptor, or null for a reference type. */
    static String boxOf(String descriptor) {
        switch (descriptor) {
            case "Z":
                return "java/lang/Boolean";
            case "C":
                return "java/lang/Character";
            case "B":
                return "java/lang/Byte";
            case "S":
                return "java/lang/Short";
            case "I":
                return "java/lang/Integer";
            case "F":
                return "java/lang/Float";
            case "J":
                return "java/lang/Long";
            case "D":
                return "java/lang/Double";
            default:
                return null;
        }
    }

    /** A growing byte array. */
    static final class Out {
        private byte[] bytes;
        private int size;

        Out(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        Out u1(int value) {
            room(1);
            bytes[size++] = (byte) value;
            return this;
        }

        Out u2(int value) {
            room(2);
            bytes[size++] = (byte) (value >>> 8);
            bytes[size++] = (byte) value;
            return this;
        }

        Out u4(int value) {
            return u2(value >>> 16).u2(value & 0xFFFF);
        }

        Out bytes(byte[] b) {
            return bytes(b, 0, b.length);
        }

        Out bytes(byte[] b, int from, int length) {
            room(length);
            System.arraycopy(b, from, bytes, size, length);
            size += length;
            return this;
        }

        int size() {
            return size;
        }

        void patchU2(int at, int value) {
            putU2(bytes, at, value);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    /**
     * A class file's constant pool: where each entry is, the UTF-8 entries as strings, and the entries appended after
     * the existing ones (an equal entry appended twice is one entry).
     */
    static final class Pool {
        private final byte[] b;
        private final int[] offsets;
        /** The offset just after the pool: the class's access flags. */
        final int end;
        private int count;
        private final Out appended = new Out(512);
        private final Map<String, Integer> added = new HashMap<>();

        Pool(byte[] classFile) {
            this.b = classFile;
            count = u2(classFile, 8);
            offsets = new int[count];
            int i = 10;
            for (int index = 1; index < count; index++) {
                offsets[index] = i;
                int tag = classFile[i];
                switch (tag) {
                    case 1: // Utf8
                        i += 3 + u2(classFile, i + 1);
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
                        throw new IllegalArgumentException("constant pool tag " + tag + " at index " + index);
                }
            }
            end = i;
        }

        int offset(int index) {
            return offsets[index];
        }

        /** The pool's entry count after what was appended (the class file's {@code constant_pool_count}). */
        int count() {
            return count;
        }

        byte[] appended() {
            return appended.toByteArray();
        }

        int appendedLength() {
            return appended.size();
        }

        /** A UTF-8 entry of the original pool, decoded (modified UTF-8). */
        String utf8(int index) {
            int at = offsets[index];
            int length = u2(b, at + 1);
            char[] chars = new char[length];
            int n = 0;
            for (int i = at + 3, last = at + 3 + length; i < last; ) {
                int c = b[i++] & 0xff;
                if (c < 0x80) {
                    chars[n++] = (char) c;
                } else if (c < 0xE0) {
                    chars[n++] = (char) (((c & 0x1F) << 6) | (b[i++] & 0x3F));
                } else {
                    chars[n++] = (char) (((c & 0x0F) << 12) | ((b[i++] & 0x3F) << 6) | (b[i++] & 0x3F));
                }
            }
            return new String(chars, 0, n);
        }

        /** The name of a Class entry of the original pool; null for index 0 (no superclass). */
        String className(int index) {
            return index == 0 ? null : utf8(u2(b, offsets[index] + 1));
        }

        int utf8Entry(String s) {
            Integer known = added.get("U" + s);
            if (known != null) {
                return known;
            }
            Out encoded = new Out(s.length() + 8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 1 && c < 0x80) {
                    encoded.u1(c);
                } else if (c < 0x800) {
                    encoded.u1(0xC0 | (c >> 6)).u1(0x80 | (c & 0x3F));
                } else {
                    encoded.u1(0xE0 | (c >> 12)).u1(0x80 | ((c >> 6) & 0x3F)).u1(0x80 | (c & 0x3F));
                }
            }
            appended.u1(1).u2(encoded.size()).bytes(encoded.toByteArray());
            return remember("U" + s);
        }

        int classEntry(String internalName) {
            return entry("C" + internalName, 7, utf8Entry(internalName), -1);
        }

        /** A String entry whose text is the UTF-8 entry {@code utf8Index} (of the original pool or appended). */
        int string(int utf8Index) {
            return entry("S" + utf8Index, 8, utf8Index, -1);
        }

        int nameAndType(int name, int descriptor) {
            return entry("N" + name + "," + descriptor, 12, name, descriptor);
        }

        int methodref(int classIndex, int nameAndType) {
            return entry("M" + classIndex + "," + nameAndType, 10, classIndex, nameAndType);
        }

        private int entry(String key, int tag, int first, int second) {
            Integer known = added.get(key);
            if (known != null) {
                return known;
            }
            appended.u1(tag).u2(first);
            if (second >= 0) {
                appended.u2(second);
            }
            return remember(key);
        }

        private int remember(String key) {
            int index = count++;
            added.put(key, index);
            return index;
        }
    }
}
