package io.reattach.cli;

import java.io.PrintStream;

/** {@code check-config [PATH]}. To be implemented together with the config package. */
final class CheckConfigCommand {
    private CheckConfigCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        err.println("check-config: not implemented yet");
        return 2;
    }
}
