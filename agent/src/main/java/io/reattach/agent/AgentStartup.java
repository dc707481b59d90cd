package io.reattach.agent;

import io.reattach.config.ConfigException;
import io.reattach.config.Settings;
import io.reattach.config.SettingsLoader;
import io.reattach.log.Log;

import java.lang.instrument.Instrumentation;

/**
 * The one start-up path of {@code premain} and {@code agentmain}: settings first (a bad file stops the JVM
 * before the application runs, unless {@code onConfigError=warn}), then a cheap
 * class gate. Byte Buddy is not loaded here: only when the first JMS class appears.
 */
final class AgentStartup {
    /** System property that marks a JVM with Reattach in it, for {@code list} and a second attach. */
    static final String VERSION_PROPERTY = "io.reattach.agent.version";

    private static Instrumenter running;
    private static SocketInstrumentation sockets;

    private AgentStartup() {
    }

    static synchronized void start(String args, Instrumentation inst, boolean attached) {
        Settings settings;
        try {
            settings = SettingsLoader.load(args);
        } catch (ConfigException e) {
            onConfigError(args, e, attached);
            return;
        } catch (Throwable t) {
            Log.internalError("loading the settings", t);
            return;
        }
        try {
            if (running != null) {
                // A second attach: the classes are woven already; only the settings change.
                running.update(settings);
                if (sockets != null) {
                    sockets.update(settings);
                } else {
                    installSockets(inst, settings); // SocketTargets or ConnectionNameList set by this attach
                }
                Log.info("settings updated: {}", settings.reconnectPolicy());
                return;
            }
            Log.configure(settings.logLevel());
            for (String warning : settings.warnings()) {
                Log.warn("{}", warning);
            }
            running = Instrumenter.install(inst, settings, attached);
            installSockets(inst, settings);
            System.setProperty(VERSION_PROPERTY, io.reattach.cli.Version.get());
        } catch (Throwable t) {
            Log.internalError("starting the agent", t);
        }
    }

    /**
     * Only with {@code SocketTargets} or {@code ConnectionNameList}: the bootstrap jar turns off class-data sharing
     * for application classes, so an application without them keeps the start-up path above, untouched.
     */
    private static void installSockets(Instrumentation inst, Settings settings) {
        if (!SocketInstrumentation.wanted(settings)) {
            return;
        }
        try {
            BootstrapJar.append(inst); // before anything loads a bridge class
            sockets = SocketInstrumentation.install(inst, settings);
        } catch (Throwable t) {
            Log.internalError("installing the socket support; sockets behave as without Reattach", t);
        }
    }

    private static void onConfigError(String args, ConfigException e, boolean attached) {
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
