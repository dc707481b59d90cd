package io.reattach.agent;

import io.reattach.bridge.ReattachBridge;
import io.reattach.config.Settings;
import io.reattach.jms.JmsInterceptor;
import io.reattach.log.Log;
import io.reattach.policy.Clock;
import io.reattach.policy.Sleeper;

/**
 * The JMS side of the agent, started when the first class that may declare a ConnectionFactory method appears:
 * connects the bridge, which the methods woven by {@code io.reattach.weave.FactoryWeaver} call, to the engine.
 */
final class JmsInstrumentation {
    private JmsInstrumentation() {
    }

    static void start(Settings settings) {
        ReattachBridge.jms = new JmsInterceptor(settings, Clock.system(), Sleeper.system());
        Log.info("Reattach {} manages JMS connections{}: {}", io.reattach.cli.Version.get(),
                settings.configFile() == null ? "" : " (settings from " + settings.configFile() + ")", settings.reconnectPolicy());
    }

    static void update(Settings settings) {
        if (ReattachBridge.jms instanceof JmsInterceptor) {
            ((JmsInterceptor) ReattachBridge.jms).update(settings);
        }
    }
}
