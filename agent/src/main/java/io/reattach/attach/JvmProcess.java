package io.reattach.attach;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A JVM this user can attach to, through the JDK's attach API ({@code com.sun.tools.attach}, module
 * {@code jdk.attach}), called reflectively so that the agent's own bytecode needs no JDK-only types.
 */
final class JvmProcess {
    /** System property the agent sets in every JVM it runs in. */
    static final String VERSION_PROPERTY = "io.reattach.agent.version"; // keep in step with AgentStartup

    private final String pid;
    private final String displayName;
    private final Properties properties;

    private JvmProcess(String pid, String displayName, Properties properties) {
        this.pid = pid;
        this.displayName = displayName;
        this.properties = properties;
    }

    String pid() {
        return pid;
    }

    String displayName() {
        return displayName.isEmpty() ? "(no main class)" : displayName;
    }

    /** Reattach's version in that JVM, or null when it is not loaded there. */
    String reattachVersion() {
        return properties == null ? null : properties.getProperty(VERSION_PROPERTY);
    }

    boolean attachable() {
        return properties != null;
    }

    int javaSpecificationVersion() {
        String v = properties == null ? null : properties.getProperty("java.specification.version");
        if (v == null) {
            return 0;
        }
        return Integer.parseInt(v.startsWith("1.") ? v.substring(2) : v);
    }

    /** Every JVM the attach API lists for this user, with its properties where it lets us read them. */
    static List<JvmProcess> list() {
        List<JvmProcess> result = new ArrayList<>();
        try {
            Class<?> vm = Class.forName("com.sun.tools.attach.VirtualMachine");
            for (Object descriptor : (List<?>) vm.getMethod("list").invoke(null)) {
                Class<?> d = descriptor.getClass();
                String pid = (String) d.getMethod("id").invoke(descriptor);
                String name = (String) d.getMethod("displayName").invoke(descriptor);
                result.add(new JvmProcess(pid, name, properties(pid)));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Java runtime has no attach API (module jdk.attach): run the command with a JDK, not a JRE", e);
        }
        return result;
    }

    /** The JVM with that pid, or null when there is none this user can attach to. */
    static JvmProcess find(String pid) {
        Properties properties = properties(pid);
        if (properties == null) {
            return null;
        }
        String command = properties.getProperty("sun.java.command", "");
        return new JvmProcess(pid, command.split(" ")[0], properties);
    }

    private static Properties properties(String pid) {
        try {
            Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
            Object vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
            try {
                Method get = vmClass.getMethod("getSystemProperties");
                return (Properties) get.invoke(vm);
            } finally {
                vmClass.getMethod("detach").invoke(vm);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
