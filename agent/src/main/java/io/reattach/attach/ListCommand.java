package io.reattach.attach;

import java.io.PrintStream;
import java.util.List;

/** {@code list}: the JVMs this user can attach to, and whether Reattach is in them. */
public final class ListCommand {
    private ListCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<JvmProcess> jvms;
        try {
            jvms = JvmProcess.list();
        } catch (IllegalStateException e) {
            err.println("list: " + e.getMessage());
            return 1;
        }
        String self = selfPid();
        out.printf("%-8s  %-14s  %s%n", "PID", "REATTACH", "MAIN CLASS");
        for (JvmProcess jvm : jvms) {
            if (jvm.pid().equals(self)) {
                continue;
            }
            String reattach = !jvm.attachable() ? "(no access)" : jvm.reattachVersion() == null ? "-" : jvm.reattachVersion();
            String main = jvm.displayName();
            out.printf("%-8s  %-14s  %s%n", jvm.pid(), reattach, main.length() > 100 ? main.substring(0, 97) + "..." : main);
        }
        return 0;
    }

    private static String selfPid() {
        String name = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
        return name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
    }
}
