package io.reattach.config;

import io.reattach.policy.*;
import java.util.*;

/** TEMPORARY STUB (untracked) until the config branch lands. */
public final class Settings {
    public static Settings defaults() { return new Settings(); }
    public boolean reconnectEnabled() { return true; }
    public ReconnectPolicy reconnectPolicy() { return ReconnectPolicy.builder().build(); }
    public int initialConnectAttempts() { return -1; }
    public long confirmationWindowSize() { return 1048576; }
    public Set<ReconnectEvent> exceptionListenerEvents() { return EnumSet.of(ReconnectEvent.RECONNECT_FAILED); }
    public List<String> socketTargets() { return Collections.emptyList(); }
    public String logLevel() { return "INFO"; }
    public boolean duplicateDetection() { return false; }
    public List<String> warnings() { return Collections.emptyList(); }
    public String configFile() { return null; }
    public String describe() { return "stub"; }
}
