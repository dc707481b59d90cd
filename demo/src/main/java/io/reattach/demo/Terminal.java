package io.reattach.demo;

import java.io.PrintStream;

/**
 * The demo's output: plain lines, optional ANSI colours, and on an interactive terminal one status line at the
 * bottom that is rewritten in place (cleared before every ordinary line).
 */
final class Terminal {

    private static final String ESC = "\u001b[";

    private final PrintStream out;
    private final boolean ansi;
    private final boolean live;
    private String status = "";

    Terminal(PrintStream out, boolean ansi, boolean live) {
        this.out = out;
        this.ansi = ansi;
        this.live = live && ansi;
    }

    /** Colours and a status line when standard output is a terminal that is not "dumb" and NO_COLOR is not set. */
    static Terminal system(Boolean color) {
        boolean console = System.console() != null;
        String term = System.getenv("TERM");
        boolean capable = console && term != null && !term.equals("dumb") && System.getenv("NO_COLOR") == null;
        boolean ansi = color != null ? color && capable : capable;
        return new Terminal(System.out, ansi, console);
    }

    synchronized void println(String line) {
        clearStatus();
        out.println(line);
        drawStatus();
    }

    void println() {
        println("");
    }

    /** Replaces the status line (does nothing when the output is not an interactive terminal). */
    synchronized void status(String text) {
        if (!live || text.equals(status)) {
            return;
        }
        clearStatus();
        status = text;
        drawStatus();
    }

    synchronized void clearStatusLine() {
        clearStatus();
        status = "";
    }

    private void clearStatus() {
        if (live && !status.isEmpty()) {
            out.print("\r" + ESC + "K");
            out.flush();
        }
    }

    private void drawStatus() {
        if (live && !status.isEmpty()) {
            out.print(dim(status));
            out.flush();
        }
    }

    String bold(String s) {
        return style("1", s);
    }

    String dim(String s) {
        return style("2", s);
    }

    String red(String s) {
        return style("31", s);
    }

    String green(String s) {
        return style("32", s);
    }

    String yellow(String s) {
        return style("33", s);
    }

    String cyan(String s) {
        return style("36", s);
    }

    private String style(String code, String s) {
        return ansi ? ESC + code + "m" + s + ESC + "0m" : s;
    }

    /** {@code s} cut to {@code width} characters, with "..." at the end if it was longer. */
    static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, Math.max(0, width - 3)) + "...";
    }

    static String padRight(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    static String padLeft(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
