package io.reattach.attach;

import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.util.Arrays;

/**
 * {@code attach <pid> [key=value...]}: loads this jar into a running JVM of the same user. The settings are
 * passed as agent arguments, so they win over the target's system properties and file, as under -javaagent.
 * Attaching to a JVM that has Reattach already updates its settings instead.
 */
public final class AttachCommand {
    /** JDK 21 and later may refuse an agent loaded into a running JVM (JEP 451): what to do about it. */
    static final String DYNAMIC_AGENTS_REFUSED = "; JDK 21 and later refuse agents loaded into a running JVM when it was started"
            + " with -XX:-EnableDynamicAgentLoading (later JDKs may make that the default): restart the application with"
            + " -XX:+EnableDynamicAgentLoading, which allows attaching agents, or with -javaagent:reattach-agent.jar";
    private AttachCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1) {
            err.println("attach: usage: java -jar reattach-agent.jar attach <pid> [key=value...]");
            return 2;
        }
        String pid = args[0];
        if (!pid.matches("[0-9]+")) {
            err.println("attach: '" + pid + "' is not a process id; 'java -jar reattach-agent.jar list' shows the JVMs you can attach to");
            return 2;
        }
        for (int i = 1; i < args.length; i++) {
            if (!args[i].contains("=")) {
                err.println("attach: '" + args[i] + "' is not key=value");
                return 2;
            }
        }
        String settings = String.join(",", Arrays.asList(args).subList(1, args.length));
        File jar;
        try {
            jar = ownJar();
        } catch (URISyntaxException | IllegalStateException e) {
            err.println("attach: cannot find the agent jar this command runs from: " + e.getMessage());
            return 2;
        }
        JvmProcess target;
        try {
            target = JvmProcess.require(pid);
        } catch (JvmProcess.Unreachable e) {
            err.println("attach: " + e.getMessage());
            return 1;
        }
        boolean already = target.reattachVersion() != null;
        try {
            ByteBuddyAgent.attach(jar, pid, settings.isEmpty() ? null : settings);
        } catch (RuntimeException e) {
            err.println("attach: could not load the agent into " + pid + ": " + JvmProcess.rootMessage(e)
                    + (target.javaSpecificationVersion() >= 21 ? DYNAMIC_AGENTS_REFUSED : ""));
            return 1;
        }
        JvmProcess after = JvmProcess.find(pid);
        String result = after == null ? null : after.attachResult();
        if (result != null && result.startsWith("rejected: ")) {
            err.println("attach: Reattach in " + pid + " rejected the settings; " + (already ? "its previous settings stay" : "it stays out of that JVM")
                    + ":\n" + result.substring("rejected: ".length()));
            return 2;
        }
        out.println((already ? "updated the settings of Reattach in " : "attached Reattach to ") + pid + " (" + target.displayName() + ")"
                + (settings.isEmpty() ? "" : " with " + settings));
        if (already && result != null && result.startsWith("updated: ")) {
            out.println(result.substring("updated: ".length()));
        }
        if (!already && target.javaSpecificationVersion() >= 21) {
            out.println("note: JDK " + target.javaSpecificationVersion() + " prints a warning when an agent is loaded into a running JVM; "
                    + "start the application with -XX:+EnableDynamicAgentLoading to allow it without the warning "
                    + "(future JDKs refuse dynamic agents without that flag), or use -javaagent instead");
        }
        return 0;
    }

    static File ownJar() throws URISyntaxException {
        File jar = new File(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!jar.isFile()) {
            throw new IllegalStateException(jar + " is not a jar");
        }
        return jar;
    }

}
