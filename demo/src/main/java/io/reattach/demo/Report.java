package io.reattach.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.reattach.demo.app.LegacyOrderApp;

/** The demo's headings, per-run summaries and the side-by-side comparison. */
final class Report {

    private static final String RULE = "=".repeat(100);
    private static final String THIN = "-".repeat(100);

    private final Terminal term;
    private final DemoOptions options;

    Report(Terminal term, DemoOptions options) {
        this.term = term;
        this.options = options;
    }

    void header() {
        term.println();
        term.println(term.bold("Reattach demo: a legacy JMS application while its broker is killed with kill -9"));
        term.println(RULE);
        term.println("  The application (" + LegacyOrderApp.class.getSimpleName() + ") sends " + options.messages
                + " persistent orders, " + options.rate + " a second, to a queue, in transactions of "
                + LegacyOrderApp.BATCH + ", and");
        term.println("  consumes them with a MessageListener on a second connection. It has no reconnect code: its");
        term.println("  ExceptionListeners print what they get, and a send or commit that throws makes it exit, as legacy code does.");
        term.println("  The broker is killed " + times(options.kills) + " while orders flow and restarted "
                + seconds(options.downMillis) + " later.");
        if (options.withAgent) {
            term.println();
            term.println("  Agent:    " + Demo.relative(options.agentJar));
            term.println("  Settings: " + term.cyan(options.agentSettings));
            term.println(term.dim("            ReconDelay=(500,250): 0.5 to 0.75 s between reconnect attempts, to keep the demo short"));
            term.println(term.dim("            (the default is IBM MQ's schedule: about 1 s, 2 s, 4 s, 8 s, 16 s, then every 25 s)."));
            term.println(term.dim("            ExceptionListenerEvents=ALL: the application's ExceptionListener is told of every"));
            term.println(term.dim("            RECONNECTING and RECONNECTED (the default tells it only of RECONNECT_FAILED)."));
            term.println(term.dim("            DuplicateDetection=YES: every send carries a unique _AMQ_DUPL_ID, so the broker drops a"));
            term.println(term.dim("            replayed send it had already stored instead of delivering it twice."));
        }
        term.println();
    }

    void runHeading(int n, int of, boolean withAgent, List<String> command) {
        term.println();
        term.println(term.bold("Run " + n + " of " + of + ": " + (withAgent ? "with Reattach" : "without Reattach")
                + (withAgent ? "" : " (the same application, the same broker kills)")));
        term.println(THIN);
        term.println(term.dim("  " + shortCommand(command)));
        term.println();
    }

    /** The command, with the class path and agent path shortened, for people to read (and copy). */
    private String shortCommand(List<String> command) {
        List<String> parts = new ArrayList<>();
        parts.add("java");
        for (int i = 1; i < command.size(); i++) {
            String a = command.get(i);
            if (a.startsWith("-XX:") || a.startsWith("-Dorg.slf4j")) {
                continue;
            }
            if (a.startsWith("-javaagent:")) {
                parts.add("-javaagent:" + Demo.relative(options.agentJar) + "=" + options.agentSettings);
            } else if (a.equals("-cp")) {
                String cp = command.get(++i);
                parts.add("-cp");
                parts.add(cp.contains(java.io.File.pathSeparator) ? "..." : Demo.relative(Path.of(cp)));
            } else {
                parts.add(a);
            }
        }
        return String.join(" ", parts);
    }

    void summary(RunResult r) {
        term.println();
        term.println("  " + term.bold("Result " + r.name()));
        String sentNote = r.sentCount() == r.count ? "every send() returned" : "send() returned";
        row("orders to send", String.valueOf(r.count), "");
        row("sent", String.valueOf(r.sentCount()), sentNote);
        if (r.sendFailedCount() > 0) {
            Map.Entry<Integer, String> first = r.sendFailures.entrySet().iterator().next();
            boolean stored = r.receipts.containsKey(first.getKey()) || r.leftOver.containsKey(first.getKey());
            row("send() threw", String.valueOf(r.sendFailedCount()), "order " + first.getKey()
                    + (stored ? ": the broker had stored it all the same" : ": not stored by the broker"));
        }
        if (r.neverSent() > 0) {
            row("never sent", term.red(String.valueOf(r.neverSent())), "the application had died");
        }
        row("received", String.valueOf(r.receivedCount()), "distinct orders its MessageListener got");
        row("duplicates", String.valueOf(r.duplicates()), duplicateNote(r));
        Set<Integer> lost = r.lost();
        row("lost", lost.isEmpty() ? term.green("0") : term.red(String.valueOf(lost.size())),
                lost.isEmpty() ? "sent, then neither received nor found on the broker"
                        : "orders " + list(lost) + ": sent, then neither received nor found on the broker");
        Set<Integer> left = r.leftOnBroker();
        row("left on the broker", String.valueOf(left.size()), left.isEmpty()
                ? "sent, never received, still in the queue after the run"
                : "orders " + list(left) + ": still in the queue after the run, never received");
        if (r.checkProblem != null) {
            row("queue check", term.red("failed"), Terminal.cut(r.checkProblem, 60));
        }
        if (r.withAgent || r.reconnects() > 0) {
            row("reconnects", String.valueOf(r.reconnects()), recoveryNote(r));
        }
        if (r.withAgent) {
            row("replayed sends", r.bufferReported ? String.valueOf(r.replayedSends) : "?",
                    r.bufferReported ? "sends of unknown outcome that Reattach made again after a reconnect"
                            : "the agent reported no send-buffer counters");
            row("dropped by broker", r.brokerDroppedDuplicates < 0 ? "?" : String.valueOf(r.brokerDroppedDuplicates),
                    "replays the broker had stored already: refused by their _AMQ_DUPL_ID (its AMQ222059 lines)");
        }
        row("ExceptionListener", String.valueOf(r.listenerCalls.size()), listenerNote(r));
        row("application", appOutcome(r), appNote(r));
        row("log", "", Demo.relative(r.log));
    }

    private void row(String label, String value, String note) {
        int visible = value.replaceAll("\u001b\\[[0-9;]*m", "").length();
        String padded = " ".repeat(Math.max(0, 9 - visible)) + value;
        term.println("    " + Terminal.padRight(label, 20) + padded + (note.isEmpty() ? "" : "   " + term.dim(note)));
    }

    private static String duplicateNote(RunResult r) {
        int[] c = r.duplicateCauses();
        if (c[0] + c[1] == 0) {
            return "no order was delivered twice";
        }
        List<String> parts = new ArrayList<>();
        if (c[0] > 0) {
            parts.add(c[0] + " redelivered (the acknowledgement was lost in the crash"
                    + (r.receivedAndLeftOver() > 0 ? "; " + r.receivedAndLeftOver() + " to the queue check after the run)" : ")"));
        }
        if (c[1] > 0) {
            parts.add(c[1] + " sent twice (a send cut by the crash, completed after the reconnect)");
        }
        return (r.duplicatedOrders().size() == 1 ? "order " : "orders ") + list(r.duplicatedOrders()) + ": "
                + String.join(", ", parts);
    }

    private static String recoveryNote(RunResult r) {
        List<Double> rec = r.recoverySeconds();
        if (rec.isEmpty()) {
            return "";
        }
        if (r.reconnects() == 0) {
            return "no connection came back";
        }
        String back = rec.stream().map(s -> s.isNaN() ? "never" : String.format("%.1f s", s))
                .collect(Collectors.joining(", "));
        String down = r.kills.stream().map(k -> Double.isNaN(k.restartedAt) ? "?" : String.format("%.1f s", k.restartedAt - k.at))
                .collect(Collectors.joining(", "));
        return "all connections back " + back + " after the kill" + (rec.size() == 1 ? "" : "s")
                + "; the broker was down " + down;
    }

    private static String listenerNote(RunResult r) {
        if (r.listenerCalls.isEmpty()) {
            return "never called";
        }
        return r.listenerCallCounts().entrySet().stream()
                .map(e -> e.getValue() + "x " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    private String appOutcome(RunResult r) {
        if (r.completed()) {
            return term.green("completed");
        }
        if (r.timedOut) {
            return term.red("hung");
        }
        return term.red("died");
    }

    private static String appNote(RunResult r) {
        if (r.timedOut) {
            return "did not finish in time; the demo killed it";
        }
        return (r.exitCode == null ? "no exit code" : "exit code " + r.exitCode) + String.format(" at t+%.1fs", r.exitAt);
    }

    void comparison(RunResult with, RunResult without, double totalSeconds, Path workDir) {
        term.println();
        term.println();
        term.println(term.bold(with != null && without != null ? "Side by side" : "Verdict"));
        term.println(RULE);
        if (with != null && without != null) {
            compare("", term.bold(Terminal.padLeft("with Reattach", 18)), term.bold(Terminal.padLeft("without Reattach", 18)));
            compare("broker kills", String.valueOf(with.kills.size()), String.valueOf(without.kills.size()));
            compare("application", outcomeWord(with), outcomeWord(without));
            compare("orders sent", with.sentCount() + " / " + with.count, without.sentCount() + " / " + without.count);
            compare("orders received", String.valueOf(with.receivedCount()), String.valueOf(without.receivedCount()));
            compare("never sent", String.valueOf(with.neverSent()), String.valueOf(without.neverSent()));
            compare("left on the broker", String.valueOf(with.leftOnBroker().size()),
                    String.valueOf(without.leftOnBroker().size()));
            compare("lost", String.valueOf(with.lost().size()), String.valueOf(without.lost().size()));
            compare("duplicates", String.valueOf(with.duplicates()), String.valueOf(without.duplicates()));
            compare("reconnects", String.valueOf(with.reconnects()), String.valueOf(without.reconnects()));
            term.println();
        }
        if (with != null) {
            if (with.lostNothing()) {
                String dup = with.duplicates() == 0 ? "" : ", " + with.duplicates() + " delivered twice";
                term.println("  " + term.green(term.bold("With Reattach")) + " the unmodified application rode out "
                        + crashes(with.kills.size()) + ": "
                        + with.sentCount() + " orders sent, " + with.receivedCount() + " received, none lost" + dup + ".");
            } else {
                term.println("  " + term.red(term.bold("With Reattach the run failed: ")) + failure(with));
            }
        }
        if (without != null) {
            if (without.completed() && without.lostNothing()) {
                term.println("  Without it, the application came through this time: " + without.sentCount()
                        + " orders sent, " + without.receivedCount() + " received.");
            } else {
                String when = without.kills.isEmpty() ? "" : " at the first crash";
                term.println("  " + term.bold("Without it") + ", the application " + (without.timedOut ? "hung" : "died")
                        + when + ": " + without.neverSent() + " of " + without.count + " orders were never sent"
                        + (without.leftOnBroker().isEmpty() ? "" : ", " + without.leftOnBroker().size()
                        + " sent but left unconsumed on the broker")
                        + (without.lost().isEmpty() ? "" : ", " + without.lost().size() + " lost") + ".");
            }
        }
        term.println();
        term.println(term.dim(String.format("  %.0f s in all. Logs (the application's standard output and error, the agent's log, the broker's):",
                totalSeconds)));
        term.println(term.dim("  " + Demo.relative(workDir) + "/   Options: --help"));
        term.println();
    }

    private String outcomeWord(RunResult r) {
        if (r.completed()) {
            return "completed";
        }
        return r.timedOut ? "hung" : r.exitCode == null ? "died" : "died (exit " + r.exitCode + ")";
    }

    private static String failure(RunResult r) {
        List<String> what = new ArrayList<>();
        if (!r.completed()) {
            what.add(r.timedOut ? "the application hung" : "the application died (exit code " + r.exitCode + ")");
        }
        if (r.sentCount() < r.count) {
            what.add((r.count - r.sentCount()) + " orders not sent");
        }
        if (!r.lost().isEmpty()) {
            what.add(r.lost().size() + " lost");
        }
        if (!r.leftOnBroker().isEmpty()) {
            what.add(r.leftOnBroker().size() + " never received");
        }
        if (r.checkProblem != null) {
            what.add("the queue could not be checked");
        }
        return String.join(", ", what) + ". See " + Demo.relative(r.log) + ".";
    }

    private void compare(String label, String with, String without) {
        term.println("    " + Terminal.padRight(label, 24) + padLeftVisible(with, 18) + padLeftVisible(without, 18));
    }

    private static String padLeftVisible(String s, int width) {
        int visible = s.replaceAll("\u001b\\[[0-9;]*m", "").length();
        return " ".repeat(Math.max(0, width - visible)) + s;
    }

    private static String list(Set<Integer> orders) {
        String all = orders.stream().limit(8).map(String::valueOf).collect(Collectors.joining(", "));
        return orders.size() > 8 ? all + ", ... (" + orders.size() + ")" : all;
    }

    static String crashes(int n) {
        return n == 0 ? "no broker crash" : n == 1 ? "a broker crash" : n + " broker crashes";
    }

    static String times(int n) {
        return n == 1 ? "once" : n == 2 ? "twice" : n + " times";
    }

    static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format("%.1f s", millis / 1000.0);
    }
}
