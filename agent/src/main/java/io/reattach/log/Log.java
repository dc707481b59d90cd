package io.reattach.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own log: one logger, named {@code reattach}, through the relocated SLF4J so that it never meets
 * the application's logging. Its level is the {@code LogLevel} setting, applied here rather than by SLF4J's simple
 * logger (whose level is fixed when the logger is created), so that a reload that changes it takes effect at the
 * next line.
 */
public final class Log {
    private static final String PREFIX = "org.slf4j.simpleLogger."; // relocated with SLF4J by the shade plugin
    private static final String NAME = "reattach";
    /** {@code LogLevel}'s words, quietest first: a line is logged when its level's index is at most the threshold's. */
    private static final List<String> LEVELS = Arrays.asList("OFF", "ERROR", "WARN", "INFO", "DEBUG");
    private static final int ERROR = 1;
    private static final int WARN = 2;
    private static final int INFO = 3;
    private static final int DEBUG = 4;
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static volatile int threshold = INFO;
    private static volatile Logger logger;

    private Log() {
    }

    /** Sets the level: {@code OFF}, {@code ERROR}, {@code WARN}, {@code INFO} or {@code DEBUG}; from the next line on. */
    public static void configure(String level) {
        int index = LEVELS.indexOf(level.toUpperCase(Locale.ROOT));
        if (index < 0) {
            throw new IllegalArgumentException("not a LogLevel: " + level);
        }
        threshold = index;
    }

    private static Logger logger() {
        Logger l = logger;
        if (l == null) {
            synchronized (Log.class) {
                if (logger == null) {
                    // The simple logger passes every line this class hands it: the threshold above decides.
                    System.setProperty(PREFIX + "log." + NAME, "debug");
                    setIfAbsent("showDateTime", "true");
                    setIfAbsent("dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
                    setIfAbsent("showThreadName", "false");
                    setIfAbsent("levelInBrackets", "true");
                    setIfAbsent("logFile", "System.err");
                    logger = LoggerFactory.getLogger(NAME);
                }
                l = logger;
            }
        }
        return l;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }

    public static void info(String format, Object... args) {
        if (threshold >= INFO) {
            logger().info(format, args);
        }
    }

    public static void warn(String format, Object... args) {
        if (threshold >= WARN) {
            logger().warn(format, args);
        }
    }

    public static void error(String format, Object... args) {
        if (threshold >= ERROR) {
            logger().error(format, args);
        }
    }

    public static void debug(String format, Object... args) {
        if (threshold >= DEBUG) {
            logger().debug(format, args);
        }
    }

    public static boolean isDebugEnabled() {
        return threshold >= DEBUG;
    }

    /**
     * An internal failure of the agent: logged once per {@code where}, so that a failure repeating on every
     * call cannot flood the application's output. The caller then leaves the object to the provider.
     */
    public static void internalError(String where, Throwable t) {
        if (REPORTED.add(where) && threshold >= ERROR) {
            logger().error("internal error in " + where + "; this object is left to the JMS provider, as if Reattach were absent", t);
        }
    }
}
