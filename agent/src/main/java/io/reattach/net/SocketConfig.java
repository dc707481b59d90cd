package io.reattach.net;

import io.reattach.config.Settings;
import io.reattach.policy.ReconnectPolicy;

/** One load of the settings, ready for matching: what the socket engine reads at each connect. */
final class SocketConfig {
    final boolean enabled;
    final SocketTargets targets;
    final AddressList list;
    final ReconnectPolicy policy;
    final String targetsText;

    /** @param previous the list in force: kept, with its preferred address, when the new settings have the same one */
    SocketConfig(Settings settings, AddressList previous) {
        enabled = settings.reconnectEnabled();
        list = previous != null && previous.addresses().equals(settings.connectionNameList())
                ? previous : new AddressList(settings.connectionNameList());
        targets = new SocketTargets(settings.socketTargets(), list);
        policy = settings.reconnectPolicy();
        targetsText = settings.socketTargets().isEmpty() ? "none" : String.join(",", settings.socketTargets());
    }
}
