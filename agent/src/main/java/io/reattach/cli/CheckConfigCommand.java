package io.reattach.cli;

import io.reattach.config.ConfigException;
import io.reattach.config.Environment;
import io.reattach.config.Settings;
import io.reattach.config.SettingsLoader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * {@code check-config [PATH]}: loads the settings exactly as the agent would (with PATH as if {@code config=PATH}),
 * prints the file, every setting with its value and source, and the warnings. Exit 0 when valid, 2 when not.
 */
final class CheckConfigCommand {
    private CheckConfigCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Environment.system());
    }

    static int run(String[] args, PrintStream out, PrintStream err, Environment env) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(usage());
            return 0;
        }
        if (args.length > 1) {
            err.println("check-config: expected at most one PATH, got " + args.length + " arguments");
            err.println(usage());
            return 2;
        }
        Settings settings;
        try {
            if (args.length == 1) {
                Path path;
                try {
                    path = env.workingDirectory().resolve(Paths.get(args[0])).toAbsolutePath().normalize();
                } catch (InvalidPathException e) {
                    err.println("check-config: '" + args[0] + "' is not a valid path: " + e.getReason());
                    return 2;
                }
                if (!Files.exists(path)) {
                    err.println("check-config: " + path + ": no such file");
                    return 2;
                }
                settings = SettingsLoader.loadFile(path, env);
            } else {
                settings = SettingsLoader.load(null, env);
            }
        } catch (ConfigException e) {
            int n = e.problems().size();
            err.println("check-config: the settings are invalid (" + n + (n == 1 ? " problem" : " problems") + "):");
            for (ConfigException.Problem p : e.problems()) {
                err.println(p);
            }
            printWarnings(e.warnings(), err);
            return 2;
        }
        out.println(settings.describe());
        printWarnings(settings.warnings(), out);
        out.println();
        out.println("The settings are valid.");
        return 0;
    }

    private static void printWarnings(List<String> warnings, PrintStream to) {
        if (!warnings.isEmpty()) {
            to.println();
            to.println("Warnings:");
            for (String w : warnings) {
                to.println("  " + w);
            }
        }
    }

    private static String usage() {
        return "Usage: java -jar reattach-agent.jar check-config [PATH]\n"
                + "  PATH: the mqclient.ini file to check; without it, the file the agent would find in this JVM\n"
                + "  (config=, -Dreattach.config, $MQCLNTCF, ./mqclient.ini, ~/mqclient.ini).";
    }
}
