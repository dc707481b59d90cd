package io.reattach.log;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own log: lines on standard error, {@code 2026-11-27 09:47:01.123 [INFO] reattach - message}, at the
 * {@code LogLevel} of the settings; it never meets the application's logging. Written here instead of through a
 * logging library because the first line of a JMS application is logged inside its first {@code createConnection}:
 * SLF4J's service look-up and {@code SimpleDateFormat} cost that call about 50 ms, {@link LogLine} a few.
 */
public final class Log {
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static volatile Level level = Level.INFO;

    private Log() {
    }

    /** The levels of the {@code LogLevel} setting, quietest first. */
    enum Level { OFF, ERROR, WARN, INFO, DEBUG }

    /** Sets the level from the {@code LogLevel} setting (validated there); the start-up path calls it once. */
    public static void configure(String levelName) {
        level = Level.valueOf(levelName.toUpperCase(Locale.ROOT));
    }

    public static void info(String format, Object... args) {
        log(Level.INFO, format, args);
    }

    public static void warn(String format, Object... args) {
        log(Level.WARN, format, args);
    }

    public static void error(String format, Object... args) {
        log(Level.ERROR, format, args);
    }

    public static void debug(String format, Object... args) {
        log(Level.DEBUG, format, args);
    }

    public static boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    private static boolean enabled(Level at) {
        return level.compareTo(at) >= 0;
    }

    /**
     * An internal failure of the agent: logged once per {@code where}, so that a failure repeating on every
     * call cannot flood the application's output. The caller then leaves the object to the provider.
     */
    public static void internalError(String where, Throwable t) {
        internalError(where, "this object is left to the JMS provider, as if Reattach were absent", t);
    }

    /** The same, with what the application gets instead ({@code consequence}). */
    public static void internalError(String where, String consequence, Throwable t) {
        if (REPORTED.add(where) && enabled(Level.ERROR)) {
            write(Level.ERROR, "internal error in " + where + "; " + consequence, t);
        }
    }

    private static void log(Level at, String format, Object[] args) {
        if (!enabled(at)) {
            return;
        }
        // As SLF4J does: a throwable given last is printed with its stack trace, not formatted into the message.
        Throwable t = args.length > 0 && args[args.length - 1] instanceof Throwable ? (Throwable) args[args.length - 1] : null;
        write(at, LogLine.format(format, args, t == null ? args.length : args.length - 1), t);
    }

    private static void write(Level at, String message, Throwable t) {
        String line = LogLine.line(System.currentTimeMillis(), at.name(), message);
        PrintStream err = System.err;
        synchronized (err) {
            err.println(line);
            if (t != null) {
                t.printStackTrace(err);
            }
            err.flush();
        }
    }
}
