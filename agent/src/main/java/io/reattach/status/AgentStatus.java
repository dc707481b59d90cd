package io.reattach.status;

import io.reattach.config.Setting;
import io.reattach.config.Settings;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The agent's bean: its version, the settings in force with the source of each, how they changed while running,
 * and totals over the connections listed. The start-up path sets the settings; live tuning and a second attach
 * replace them through {@link #settingsUpdated} and {@link #reloadRejected}.
 */
public final class AgentStatus implements AgentMXBean {

    private final String version;
    /** Formatted only when asked: date formatting loads classes that start-up should not pay for. */
    private final long started = System.currentTimeMillis();
    private final boolean attached;
    private volatile Settings settings;
    private int updates;
    private int rejected;
    private String lastChange = "";
    /** The socket engine's count, once socket support is installed (at start-up or by a later change); else null. */
    private volatile LongSupplier lostSocketConnections;

    public AgentStatus(String version, Settings settings, boolean attached) {
        this.version = version;
        this.settings = settings;
        this.attached = attached;
    }

    /** How long after start-up an agent loaded with -javaagent registers its beans, unless an MBean server exists earlier. */
    public static final long REGISTER_AFTER_START_MILLIS = 10_000;

    /**
     * Registers the bean: at once after an attach (the application's start-up is long over, and a {@code status} right
     * after the attach must find it), else in the background {@value #REGISTER_AFTER_START_MILLIS} ms after start-up,
     * or as soon as an MBean server exists (see {@link StatusRegistry#registerAgentSoon}).
     */
    public void register() {
        if (attached) {
            StatusRegistry.registerAgent(this);
        } else {
            StatusRegistry.registerAgentSoon(this, REGISTER_AFTER_START_MILLIS);
        }
    }

    public synchronized void settingsUpdated(Settings now, String how) {
        settings = now;
        updates++;
        lastChange = Times.now() + " " + how;
    }

    /** Socket support is installed: its lost connections are counted from now on. */
    public void countLostSockets(LongSupplier lostConnections) {
        this.lostSocketConnections = lostConnections;
    }

    public synchronized void reloadRejected(String how) {
        rejected++;
        lastChange = Times.now() + " " + how;
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public String getStarted() {
        return Times.format(started);
    }

    @Override
    public boolean isAttached() {
        return attached;
    }

    @Override
    public String getSettingsFile() {
        Settings s = settings;
        return s.configFile() == null ? "none" : s.configFile() + " (" + s.configFileOrigin() + ")";
    }

    @Override
    public SettingRow[] getSettings() {
        List<Setting> effective = settings.effective();
        SettingRow[] rows = new SettingRow[effective.size()];
        for (int i = 0; i < rows.length; i++) {
            Setting s = effective.get(i);
            rows[i] = new SettingRow(s.key(), s.value(), s.source());
        }
        return rows;
    }

    @Override
    public String getReconnectPolicy() {
        Settings s = settings;
        return s.reconnectEnabled() ? s.reconnectPolicy().toString() : "off (DefRecon=" + s.defRecon() + ")";
    }

    @Override
    public synchronized int getSettingsUpdates() {
        return updates;
    }

    @Override
    public synchronized int getRejectedReloads() {
        return rejected;
    }

    @Override
    public synchronized String getLastSettingsChange() {
        return lastChange;
    }

    @Override
    public int getOpenConnections() {
        return getConnectedConnections() + getReconnectingConnections() + getFailedConnections();
    }

    @Override
    public int getConnectedConnections() {
        return count("CONNECTED");
    }

    @Override
    public int getReconnectingConnections() {
        return count("RECONNECTING");
    }

    @Override
    public int getFailedConnections() {
        return count("FAILED");
    }

    @Override
    public int getClosedConnections() {
        return count("CLOSED");
    }

    private static int count(String state) {
        int n = 0;
        for (ConnectionMXBean c : StatusRegistry.connections()) {
            if (state.equals(c.getState())) {
                n++;
            }
        }
        return n;
    }

    @Override
    public long getReconnects() {
        return sum(ConnectionMXBean::getReconnects);
    }

    @Override
    public long getBufferedBytes() {
        return sum(ConnectionMXBean::getBufferedBytes);
    }

    @Override
    public long getBufferedMessages() {
        return sum(ConnectionMXBean::getBufferedMessages);
    }

    @Override
    public long getReplayedSends() {
        return sum(ConnectionMXBean::getReplayedSends);
    }

    @Override
    public long getDuplicatesStamped() {
        return sum(ConnectionMXBean::getDuplicatesStamped);
    }

    @Override
    public long getLostSocketConnections() {
        LongSupplier lost = lostSocketConnections;
        return lost == null ? 0 : lost.getAsLong();
    }

    /** The total of one counter over every connection the status lists. */
    private static long sum(java.util.function.ToLongFunction<ConnectionMXBean> counter) {
        long n = 0;
        for (ConnectionMXBean c : StatusRegistry.connections()) {
            n += counter.applyAsLong(c);
        }
        return n;
    }
}
