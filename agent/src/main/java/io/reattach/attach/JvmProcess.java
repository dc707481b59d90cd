package io.reattach.attach;

import java.io.File;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A JVM this user can attach to, through the JDK's attach API ({@code com.sun.tools.attach}, module
 * {@code jdk.attach}), called reflectively so that the agent's own bytecode needs no JDK-only types.
 */
public final class JvmProcess {
    /** System property the agent sets in every JVM it runs in. */
    static final String VERSION_PROPERTY = "io.reattach.agent.version"; // keep in step with AgentStartup
    /** What the agent made of the last attach's settings; see AgentStartup.ATTACH_RESULT_PROPERTY. */
    static final String ATTACH_RESULT_PROPERTY = "io.reattach.agent.attachResult";

    private final String pid;
    private final String displayName;
    private final Properties properties;

    private JvmProcess(String pid, String displayName, Properties properties) {
        this.pid = pid;
        this.displayName = displayName;
        this.properties = properties;
    }

    public String pid() {
        return pid;
    }

    public String displayName() {
        return displayName.isEmpty() ? "(no main class)" : displayName;
    }

    /** Reattach's version in that JVM, or null when it is not loaded there. */
    public String reattachVersion() {
        return properties == null ? null : properties.getProperty(VERSION_PROPERTY);
    }

    /** The agent's account of the last attach, or null. */
    String attachResult() {
        return properties == null ? null : properties.getProperty(ATTACH_RESULT_PROPERTY);
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
                // The main class or jar only: the arguments after it may hold anything, secrets included.
                result.add(new JvmProcess(pid, name.trim().split(" ")[0], properties(pid)));
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

    /** Why a command cannot reach a JVM, in one line for the operator. */
    public static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message);
        }
    }

    /**
     * The JVM with that pid; or the reason there is none this user can attach to: no attach API in this Java, no
     * such process, another user's process, not a JVM (or attach disabled in it).
     */
    public static JvmProcess require(String pid) throws Unreachable {
        try {
            Class.forName("com.sun.tools.attach.VirtualMachine");
        } catch (ClassNotFoundException | LinkageError e) {
            throw new Unreachable("this Java runtime has no attach API (module jdk.attach): run the command with the java of a JDK, not of a JRE");
        }
        File proc = new File("/proc");
        if (proc.isDirectory()) { // Linux: say which of the reasons it is
            File process = new File(proc, pid);
            if (!process.exists()) {
                throw new Unreachable("there is no process with pid " + pid);
            }
            String owner = owner(process);
            String me = owner(new File(proc, "self")); // the effective user, which is what the JVM checks
            // Only root may attach to another user's JVM.
            if (owner != null && me != null && !owner.equals(me) && !me.equals("root")) {
                throw new Unreachable("process " + pid + " belongs to user " + owner + ", not to " + me + ": a JVM accepts an attach only"
                        + " from its own user (or root); run the command as " + owner + " (for example with sudo -u " + owner + ")");
            }
        }
        JvmProcess jvm = find(pid);
        if (jvm == null) {
            throw new Unreachable("process " + pid + " is not a JVM that accepts an attach: it is not a Java process, or it was started"
                    + " with -XX:+DisableAttachMechanism ('java -jar reattach-agent.jar list' shows the JVMs you can attach to)");
        }
        return jvm;
    }

    private static String owner(File f) {
        try {
            return java.nio.file.Files.getOwner(f.toPath()).getName();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The address of the JVM's local JMX connector (for {@code status}): started if it is not running yet. It is the
     * one JConsole uses for a local process: loopback only, and only this user may connect.
     */
    public String localJmxAddress() throws Unreachable {
        try {
            Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
            Object vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
            try {
                return (String) vmClass.getMethod("startLocalManagementAgent").invoke(vm);
            } finally {
                vmClass.getMethod("detach").invoke(vm);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new Unreachable("cannot start the local JMX connector of " + pid + ": " + rootMessage(e));
        }
    }

    /** The root cause as {@code SimpleName: message}. */
    public static String rootMessage(Throwable t) {
        return io.reattach.log.Causes.rootMessage(t);
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
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
