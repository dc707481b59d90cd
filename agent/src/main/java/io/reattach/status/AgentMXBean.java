package io.reattach.status;

/** What JMX shows of the agent in this JVM ({@code io.reattach:type=Agent}). */
public interface AgentMXBean {

    String getVersion();

    /** When the agent started, ISO-8601 UTC. */
    String getStarted();

    /** Whether it was loaded into the running JVM ({@code attach}) rather than with {@code -javaagent}. */
    boolean isAttached();

    /** The INI file and how it was found, or {@code none}. */
    String getSettingsFile();

    /** Every setting with its effective value and where it came from. */
    SettingRow[] getSettings();

    /** The reconnect policy the next reconnect uses, in one line. */
    String getReconnectPolicy();

    /** Times the settings changed while running: INI file reloads and second attaches. */
    int getSettingsUpdates();

    /** Edits of the INI file that were invalid and left the settings as they were. */
    int getRejectedReloads();

    /** The last update or rejected reload, with its time, in one line; empty when none. */
    String getLastSettingsChange();

    /** Connections managed and not closed. */
    int getOpenConnections();

    int getConnectedConnections();

    int getReconnectingConnections();

    int getFailedConnections();

    /** Closed connections still listed (the most recent ones). */
    int getClosedConnections();

    /** Successful reconnects of every connection listed. */
    long getReconnects();

    long getBufferedBytes();

    long getBufferedMessages();

    long getReplayedSends();

    long getDuplicatesStamped();

    /**
     * Plain-socket connections to a {@code SocketTargets} or {@code ConnectionNameList} address that failed after they
     * had connected. Each failure reached the application: a byte stream is not resumed. 0 without socket support.
     */
    long getLostSocketConnections();
}
