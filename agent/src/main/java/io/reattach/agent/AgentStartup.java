package io.reattach.agent;

import io.reattach.config.ConfigException;
import io.reattach.config.ConfigWatcher;
import io.reattach.config.Settings;
import io.reattach.config.SettingsLoader;
import io.reattach.log.Log;
import io.reattach.status.AgentStatus;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * The one start-up path of {@code premain} and {@code agentmain}: settings first (a bad file stops the JVM
 * before the application runs, unless {@code onConfigError=warn}), then a cheap
 * class gate. ASM is not loaded here: only when the first ConnectionFactory class is woven.
 *
 * <p>Settings change while running in two ways, both through {@link #apply}: a second attach (new agent arguments)
 * and an edit of the INI file ({@link ConfigWatcher}). Either way they reach every reader through
 * {@link Instrumenter#update}, and take effect at each connection's next reconnect decision.
 */
final class AgentStartup {
    /** System property that marks a JVM with Reattach in it, for {@code list} and a second attach. */
    static final String VERSION_PROPERTY = "io.reattach.agent.version";
    /**
     * System property with the outcome of the last attach, which the {@code attach} command reads back: {@code attached},
     * {@code updated: <changes>} or {@code rejected: <problems>}.
     */
    static final String ATTACH_RESULT_PROPERTY = "io.reattach.agent.attachResult";

    private static Instrumenter running;
    private static Instrumentation instrumentation;
    /** Null until SocketTargets or ConnectionNameList asks for socket support (at start, attach or reload). */
    private static SocketInstrumentation sockets;
    /** Null until JdbcTargets asks for JDBC connect retries (at start, attach or reload). */
    private static JdbcInstrumentation jdbc;
    private static Settings current;
    /** The agent arguments of the last start or attach: a reload applies them again over the edited file. */
    private static String currentArgs;
    private static AgentStatus status;
    private static ConfigWatcher watcher;

    private AgentStartup() {
    }

    static synchronized void start(String args, Instrumentation inst, boolean attached) {
        Settings settings;
        try {
            settings = SettingsLoader.load(args);
        } catch (ConfigException e) {
            if (attached) {
                System.setProperty(ATTACH_RESULT_PROPERTY, "rejected: " + e.getMessage());
            }
            onConfigError(args, e, attached);
            return;
        } catch (Throwable t) {
            Log.internalError("loading the settings", t);
            return;
        }
        try {
            if (running != null) {
                // A second attach: the classes are woven already; only the settings change.
                currentArgs = args;
                System.setProperty(ATTACH_RESULT_PROPERTY, "updated: " + apply(settings, "updated by attach"));
                return;
            }
            if (settings.anyGiven()) { // else the level is the default, INFO, and reading it would load the keys
                Log.configure(settings.logLevel());
            }
            for (String warning : settings.warnings()) {
                Log.warn("{}", warning);
            }
            running = Instrumenter.install(inst, settings, attached);
            instrumentation = inst;
            status = new AgentStatus(io.reattach.cli.Version.get(), settings, attached);
            installSockets(inst, settings);
            installJdbc(inst, settings);
            current = settings;
            currentArgs = args;
            status.register();
            watch(settings);
            System.setProperty(VERSION_PROPERTY, io.reattach.cli.Version.get());
            if (attached) {
                System.setProperty(ATTACH_RESULT_PROPERTY, "attached");
            }
        } catch (Throwable t) {
            Log.internalError("starting the agent", t);
        }
    }

    /**
     * Only with {@code SocketTargets} or {@code ConnectionNameList}: the JDK classes it weaves cost start-up time,
     * so an application without them keeps the start-up path above, untouched.
     */
    private static void installSockets(Instrumentation inst, Settings settings) {
        if (!settings.wantsSocketSupport()) {
            return;
        }
        try {
            BootstrapJar.append(inst); // before anything loads a bridge class; nothing to do when the agent is on the bootstrap class path
            sockets = SocketInstrumentation.install(inst, settings);
            status.countLostSockets(sockets);
        } catch (Throwable t) {
            Log.internalError("installing the socket support; sockets behave as without Reattach", t);
        }
    }

    /** Only with {@code JdbcTargets}: an application without it keeps the start-up path above, untouched. */
    private static void installJdbc(Instrumentation inst, Settings settings) {
        if (!settings.wantsJdbcSupport()) {
            return;
        }
        try {
            jdbc = JdbcInstrumentation.install(inst, settings);
        } catch (Throwable t) {
            Log.internalError("installing the JDBC support; JDBC connects behave as without Reattach", t);
        }
    }

    /** Watches the INI file in force for edits; without one, the watcher is not even loaded (until a change names one). */
    private static void watch(Settings settings) {
        if (watcher == null) {
            if (settings.configFile() == null) {
                return;
            }
            watcher = new ConfigWatcher(new Reload());
        }
        watcher.watch(settings);
    }

    /** What the {@link ConfigWatcher} runs when the INI file changed. */
    private static final class Reload implements Runnable {
        @Override
        public void run() {
            reload();
        }
    }

    /** The INI file changed: load everything again; apply it when valid, otherwise keep what is in force. */
    private static synchronized void reload() {
        String file = current.configFile();
        Settings settings;
        try {
            settings = SettingsLoader.load(currentArgs);
        } catch (ConfigException e) {
            String line = file + " changed but is invalid; the previous settings stay: " + e.getMessage().replace("\n", "; ");
            Log.warn("{}", line);
            status.reloadRejected(line);
            return;
        }
        apply(settings, "reloaded from " + file);
    }

    /** New settings in force: one log line with what changed, which it returns. */
    private static String apply(Settings settings, String how) {
        List<String> changes = settings.changesFrom(current);
        current = settings;
        Log.configure(settings.logLevel()); // this change's own line is logged at the new level
        running.update(settings);
        if (sockets != null) {
            sockets.update(settings);
        } else {
            installSockets(instrumentation, settings); // SocketTargets or ConnectionNameList set by this change
        }
        if (jdbc != null) {
            jdbc.update(settings);
        } else {
            installJdbc(instrumentation, settings); // JdbcTargets set by this change
        }
        watch(settings);
        String line = "settings " + how + ": " + (changes.isEmpty() ? "no setting changed" : String.join("; ", changes));
        status.settingsUpdated(settings, line);
        Log.info("{}", line);
        return line;
    }

    private static void onConfigError(String args, ConfigException e, boolean attached) {
        if (running != null) {
            System.err.println("reattach: the settings of this attach are invalid; the previous settings stay:\n" + e.getMessage());
            return;
        }
        String mode = SettingsLoader.onConfigError(args);
        if ("warn".equals(mode) || attached) {
            // An attach must never stop a running application; -Dreattach.onConfigError=warn asked for the same.
            System.err.println("reattach: invalid settings; the application runs WITHOUT Reattach:\n" + e.getMessage());
            return;
        }
        System.err.println("reattach: invalid settings; stopping before the application starts "
                + "(set -Dreattach.onConfigError=warn to run without Reattach instead):\n" + e.getMessage());
        System.err.flush();
        System.exit(2);
    }
}
