package io.reattach.demo;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** What the demo does; {@link #parse(String[])} reads the command line. Mutable, for the demo and its test only. */
final class DemoOptions {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar demo/target/reattach-demo.jar [options]",
            "",
            "Runs a legacy JMS application (a producer and a MessageListener consumer, no reconnect code) against an",
            "ActiveMQ Artemis broker that is killed with kill -9 and restarted, first with the Reattach agent, then",
            "without it. Exits with 0 when the run with the agent lost nothing.",
            "",
            "  --messages N          orders the application sends (default 200)",
            "  --rate N              orders a second (default 10)",
            "  --kills N             times the broker is killed while orders flow (default 2)",
            "  --down SECONDS        how long the broker stays down after each kill (default 3)",
            "  --agent-settings S    the agent's arguments (default ReconDelay=(500,250),ExceptionListenerEvents=ALL)",
            "  --with-agent-only     run only the first half",
            "  --without-agent-only  run only the second half",
            "  --verbose             also show the application's standard error as it happens (the agent's log,",
            "                        the client's warnings, stack traces)",
            "  --no-color            no ANSI colours (also when NO_COLOR is set or the output is not a terminal)",
            "",
            "  -Dreattach.agentJar=PATH   the agent jar (default: agent/target/reattach-agent.jar of this repository)");

    int messages = 200;
    int rate = 10;
    int kills = 2;
    long downMillis = 3000;
    /** How long the application waits for its last orders once it has sent them all. */
    long idleTimeoutMillis = 10_000;
    boolean withAgent = true;
    boolean withoutAgent = true;
    boolean verbose;
    Boolean color; // null: decide from the terminal
    /** The agent's settings for the demo: short delays so that it is quick. */
    String agentSettings = "ReconDelay=(500,250),ExceptionListenerEvents=ALL,DuplicateDetection=YES";
    Path agentJar;
    /** Broker journal and logs; default {@code demo/target/demo-run}. */
    Path workDir;
    boolean help;

    static DemoOptions parse(String[] args) {
        DemoOptions o = new DemoOptions();
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            switch (arg) {
                case "--messages":
                    o.messages = positive(arg, rest);
                    break;
                case "--rate":
                    o.rate = positive(arg, rest);
                    break;
                case "--kills":
                    o.kills = number(arg, rest);
                    break;
                case "--down":
                    String down = value(arg, rest);
                    try {
                        o.downMillis = Math.round(1000 * Double.parseDouble(down));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--down needs a number of seconds, not " + down);
                    }
                    break;
                case "--agent-settings":
                    o.agentSettings = value(arg, rest);
                    break;
                case "--with-agent-only":
                    o.withoutAgent = false;
                    break;
                case "--without-agent-only":
                    o.withAgent = false;
                    break;
                case "--verbose":
                case "-v":
                    o.verbose = true;
                    break;
                case "--no-color":
                    o.color = false;
                    break;
                case "--help":
                case "-h":
                    o.help = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        if (!o.withAgent && !o.withoutAgent) {
            throw new IllegalArgumentException("--with-agent-only and --without-agent-only exclude each other");
        }
        String agentJar = System.getProperty("reattach.agentJar", "").trim();
        if (!agentJar.isEmpty()) {
            o.agentJar = Paths.get(agentJar);
        }
        return o;
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static int number(String option, List<String> rest) {
        String v = value(option, rest);
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not " + v);
        }
    }

    private static int positive(String option, List<String> rest) {
        int n = number(option, rest);
        if (n == 0) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return n;
    }
}
