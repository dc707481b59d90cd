package io.reattach.weave;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent reads and writes of a class file by hand (JVMS chapter 4), without ASM: big-endian numbers, access
 * flags, the constant pool's entry sizes, the members' and attributes' lengths, descriptors, and (for
 * {@link FactoryDelegation}) the constant pool with the entries it appends. The class gate's walks
 * ({@code io.reattach.agent.ConstantPool}, {@code MethodTable}) read with these too.
 */
public final class ClassFile {
    public static final int ACC_PUBLIC = 0x0001;
    public static final int ACC_PRIVATE = 0x0002;
    public static final int ACC_PROTECTED = 0x0004;
    public static final int ACC_STATIC = 0x0008;
    public static final int ACC_FINAL = 0x0010;
    public static final int ACC_SUPER = 0x0020;
    public static final int ACC_NATIVE = 0x0100;
    public static final int ACC_INTERFACE = 0x0200;
    public static final int ACC_ABSTRACT = 0x0400;
    public static final int ACC_SYNTHETIC = 0x1000;

    /** The tag of a UTF-8 constant-pool entry, whose length is in the entry. */
    public static final int UTF8 = 1;
    /** The bytes each kind of constant-pool entry takes after its tag, by tag; 0 for UTF-8 and for tags not known. */
    private static final byte[] ENTRY_SIZE = new byte[256];
    /** The pool slots each kind takes: two for Long and Double, else one. */
    private static final byte[] ENTRY_SLOTS = new byte[256];

    static {
        Arrays.fill(ENTRY_SLOTS, (byte) 1);
        for (int tag : new int[]{7, 8, 16, 19, 20}) { // Class, String, MethodType, Module, Package
            ENTRY_SIZE[tag] = 2;
        }
        ENTRY_SIZE[15] = 3; // MethodHandle
        for (int tag : new int[]{3, 4, 9, 10, 11, 12, 17, 18}) { // Integer, Float, the refs, NameAndType, (Invoke)Dynamic
            ENTRY_SIZE[tag] = 4;
        }
        ENTRY_SIZE[5] = 8; // Long
        ENTRY_SIZE[6] = 8; // Double
        ENTRY_SLOTS[5] = 2;
        ENTRY_SLOTS[6] = 2;
    }

    private ClassFile() {
    }

    /** A copy of the entry sizes by tag (see {@link #ENTRY_SIZE}), for a walk that keeps its own. */
    public static byte[] entrySizes() {
        return ENTRY_SIZE.clone();
    }

    /** A copy of the pool slots by tag: two for Long and Double, else one. */
    public static byte[] entrySlots() {
        return ENTRY_SLOTS.clone();
    }

    /** Whether a method is an instance method with code: static, abstract and native ones are never woven. */
    public static boolean isInstanceMethodWithCode(int access) {
        return (access & (ACC_STATIC | ACC_ABSTRACT | ACC_NATIVE)) == 0;
    }

    /** The local-variable slots a value of this descriptor takes: two for {@code long} and {@code double}. */
    static int slots(String descriptor) {
        return descriptor.equals("J") || descriptor.equals("D") ? 2 : 1;
    }

    /** A name or descriptor as the bytes of its UTF-8 entry, for names that are ASCII (every one the agent looks for). */
    public static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }

    public static int u2(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    public static int u4(byte[] b, int i) {
        return (u2(b, i) << 16) | u2(b, i + 2);
    }

    static void putU2(byte[] b, int i, int value) {
        b[i] = (byte) (value >>> 8);
        b[i + 1] = (byte) value;
    }

    /** The offset after an attribute table that starts (with its count) at {@code i}. */
    public static int skipAttributes(byte[] b, int i) {
        int count = u2(b, i);
        i += 2;
        for (int k = 0; k < count; k++) {
            i += 6 + u4(b, i + 2);
        }
        return i;
    }

    /** The offset after a field or method table that starts (with its count) at {@code i}. */
    public static int skipMembers(byte[] b, int i) {
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

    /** A method's descriptor: {@code (Ljava/lang/String;I)V}. */
    public static String descriptorOf(Method method) {
        StringBuilder d = new StringBuilder("(");
        for (Class<?> p : method.getParameterTypes()) {
            d.append(descriptorOf(p));
        }
        return d.append(')').append(descriptorOf(method.getReturnType())).toString();
    }

    /** A type's descriptor: {@code I}, {@code [J}, {@code Ljava/lang/String;}, {@code V}. */
    public static String descriptorOf(Class<?> type) {
        if (type.isArray()) {
            return internalName(type);
        }
        if (!type.isPrimitive()) {
            return "L" + internalName(type) + ";";
        }
        if (type == boolean.class) {
            return "Z";
        }
        if (type == long.class) {
            return "J";
        }
        return String.valueOf(Character.toUpperCase(type.getName().charAt(0))); // B, C, S, I, F, D, V
    }

    /** A class's name as the class file writes it: {@code java/lang/String}, {@code [Ljava/lang/String;}. */
    static String internalName(Class<?> type) {
        return type.getName().replace('.', '/');
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
            for (int index = 1; index < count; ) {
                offsets[index] = i;
                int tag = classFile[i] & 0xff;
                if (tag == UTF8) {
                    i += 3 + u2(classFile, i + 1);
                    index++;
                } else if (ENTRY_SIZE[tag] == 0) {
                    throw new IllegalArgumentException("constant pool tag " + tag + " at index " + index);
                } else {
                    i += 1 + ENTRY_SIZE[tag];
                    index += ENTRY_SLOTS[tag];
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

        /**
         * Whether the original pool's entry at {@code index} is a UTF-8 entry of exactly these (ASCII) bytes: a
         * comparison without decoding, for a walk that runs interpreted inside the application's start-up.
         */
        boolean isUtf8(int index, byte[] ascii) {
            int at = offsets[index];
            if (b[at] != UTF8 || u2(b, at + 1) != ascii.length) {
                return false;
            }
            for (int k = 0; k < ascii.length; k++) {
                if (b[at + 3 + k] != ascii[k]) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Writes the class file's head as a weaver that appended entries needs it: magic and version, the new entry
         * count, the original entries, the appended ones. The class file goes on at {@link #end}.
         */
        void writeHead(Out out) {
            out.bytes(b, 0, 8);
            out.u2(count);
            out.bytes(b, 10, end - 10);
            out.bytes(appended.toByteArray());
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

        /** The entry of a method of class {@code owner} (internal name), with the entries it names. */
        int methodref(String owner, String name, String descriptor) {
            return methodref(classEntry(owner), nameAndType(utf8Entry(name), utf8Entry(descriptor)));
        }

        int fieldref(int classIndex, int nameAndType) {
            return entry("F" + classIndex + "," + nameAndType, 9, classIndex, nameAndType);
        }

        int interfaceMethodref(int classIndex, int nameAndType) {
            return entry("I" + classIndex + "," + nameAndType, 11, classIndex, nameAndType);
        }

        /** A pool with no entries yet, for a class file written from nothing ({@link ProxyClassFile}). */
        static Pool empty() {
            return new Pool(new byte[]{(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 52, 0, 1});
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
