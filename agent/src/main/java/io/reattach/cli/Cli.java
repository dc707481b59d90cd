package io.reattach.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code java -jar reattach-agent.jar <command>}: the operator's side of the agent. */
public final class Cli {
    private Cli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(usage());
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "--version":
            case "version":
                out.println("reattach-agent " + Version.get());
                return 0;
            case "check-config":
                return CheckConfigCommand.run(rest, out, err);
            case "attach":
                return io.reattach.attach.AttachCommand.run(rest, out, err);
            case "list":
                return io.reattach.attach.ListCommand.run(rest, out, err);
            case "status":
                return io.reattach.status.StatusCommand.run(rest, out, err);
            default:
                err.println("reattach: unknown command '" + args[0] + "'. Run 'java -jar reattach-agent.jar --help'.");
                return 2;
        }
    }

    static String usage() {
        return "Reattach " + Version.get() + ": JMS and TCP clients that survive broker restarts, with no code change.\n"
                + "\n"
                + "Usage:\n"
                + "  java -javaagent:reattach-agent.jar[=key=value,...] ...   run an application with the agent\n"
                + "  java -jar reattach-agent.jar attach <pid> [key=value...] load the agent into a running JVM, or update its settings\n"
                + "  java -jar reattach-agent.jar list                        JVMs you can attach to, and whether Reattach is in them\n"
                + "  java -jar reattach-agent.jar status <pid> [--json]       the connections Reattach manages in a JVM: state, target,\n"
                + "                                                           reconnects, last failure, buffered sends; and its settings\n"
                + "  java -jar reattach-agent.jar check-config [PATH]         validate a settings file, print effective settings\n"
                + "  java -jar reattach-agent.jar --version                   print the version\n"
                + "  java -jar reattach-agent.jar --help                      print this help\n"
                + "\n"
                + "Settings come from agent arguments, then -Dreattach.<Key>=value, then the INI file\n"
                + "(config=PATH, -Dreattach.config, $MQCLNTCF, ./mqclient.ini, ~/mqclient.ini), then defaults.\n"
                + "The agent watches the INI file (every ConfigPollInterval ms): a valid edit applies at the next reconnect\n"
                + "decision, an invalid one is logged and ignored. A file that other users can write is refused\n"
                + "(chmod go-w it, or -Dreattach.allowInsecureConfig=true).\n";
    }
}
