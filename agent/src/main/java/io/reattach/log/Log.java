package io.reattach.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own log: one logger, named {@code reattach}, through the relocated SLF4J so that it never meets
 * the application's logging. Configured once, before first use, from the {@code LogLevel} setting.
 */
public final class Log {
    private static final String PREFIX = "org.slf4j.simpleLogger."; // relocated with SLF4J by the shade plugin
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static volatile Logger logger;

    private Log() {
    }

    /** Sets the level; takes effect only before the first line is logged. */
    public static void configure(String level) {
        System.setProperty(PREFIX + "defaultLogLevel", level.toLowerCase(java.util.Locale.ROOT));
    }

    private static Logger logger() {
        Logger l = logger;
        if (l == null) {
            synchronized (Log.class) {
                if (logger == null) {
                    setIfAbsent("defaultLogLevel", "info");
                    setIfAbsent("showDateTime", "true");
                    setIfAbsent("dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
                    setIfAbsent("showThreadName", "false");
                    setIfAbsent("levelInBrackets", "true");
                    setIfAbsent("logFile", "System.err");
                    logger = LoggerFactory.getLogger("reattach");
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
        logger().info(format, args);
    }

    public static void warn(String format, Object... args) {
        logger().warn(format, args);
    }

    public static void error(String format, Object... args) {
        logger().error(format, args);
    }

    public static void debug(String format, Object... args) {
        Logger l = logger();
        if (l.isDebugEnabled()) {
            l.debug(format, args);
        }
    }

    public static boolean isDebugEnabled() {
        return logger().isDebugEnabled();
    }

    /**
     * An internal failure of the agent: logged once per {@code where}, so that a failure repeating on every
     * call cannot flood the application's output. The caller then leaves the object to the provider.
     */
    public static void internalError(String where, Throwable t) {
        if (REPORTED.add(where)) {
            logger().error("internal error in " + where + "; this object is left to the JMS provider, as if Reattach were absent", t);
        }
    }
}
