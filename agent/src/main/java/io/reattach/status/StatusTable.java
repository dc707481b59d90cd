package io.reattach.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The text form of {@code status <pid>}: a summary, one table row per connection, then the settings. */
final class StatusTable {
    private StatusTable() {
    }

    static String format(String pid, String mainClass, Map<String, Object> agent, List<Map<String, Object>> connections) {
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        sb.append("Reattach ").append(agent.get("Version")).append(" in JVM ").append(pid).append(" (").append(mainClass).append("), ")
                .append(Boolean.TRUE.equals(agent.get("Attached")) ? "attached" : "started with -javaagent").append(" at ")
                .append(agent.get("Started")).append(nl);
        sb.append("Settings file:    ").append(agent.get("SettingsFile")).append(nl);
        sb.append("Reconnect policy: ").append(agent.get("ReconnectPolicy")).append(nl);
        sb.append("Settings changes: ").append(agent.get("SettingsUpdates")).append(" applied, ").append(agent.get("RejectedReloads"))
                .append(" rejected").append(empty(agent.get("LastSettingsChange")) ? "" : "; last: " + agent.get("LastSettingsChange")).append(nl);
        sb.append("Connections:      ").append(agent.get("OpenConnections")).append(" open (").append(agent.get("ConnectedConnections"))
                .append(" connected, ").append(agent.get("ReconnectingConnections")).append(" reconnecting, ")
                .append(agent.get("FailedConnections")).append(" failed), ").append(agent.get("ClosedConnections")).append(" closed; ")
                .append(agent.get("Reconnects")).append(" reconnects; ").append(agent.get("BufferedBytes")).append(" bytes in ")
                .append(agent.get("BufferedMessages")).append(" messages buffered; ").append(agent.get("ReplayedSends"))
                .append(" sends replayed; ").append(agent.get("DuplicatesStamped")).append(" duplicates stamped").append(nl);
        if (agent.containsKey("LostSocketConnections")) { // an older agent has no such attribute
            sb.append("Plain sockets:    ").append(agent.get("LostSocketConnections"))
                    .append(" connections lost after connecting (each failure reached the application)").append(nl);
        }
        sb.append(nl);
        if (connections.isEmpty()) {
            sb.append("No connection is managed yet: connections the application creates from now on will be.").append(nl);
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"ID", "TYPE", "STATE", "RECONNECTS", "BUFFERED", "HIGH-WATER", "DROPPED", "REPLAYED", "STAMPED", "USER",
                "TARGET", "PROVIDER"});
            for (Map<String, Object> c : connections) {
                rows.add(new String[]{str(c.get("Id")), str(c.get("Type")), str(c.get("State")), str(c.get("Reconnects")),
                    c.get("BufferedBytes") + " B/" + c.get("BufferedMessages"), c.get("BufferHighWaterBytes") + " B",
                    str(c.get("DroppedFromProtection")), str(c.get("ReplayedSends")), str(c.get("DuplicatesStamped")),
                    dash(c.get("User")), dash(c.get("Target")), str(c.get("Provider"))});
            }
            table(rows, sb);
            for (Map<String, Object> c : connections) {
                if (!empty(c.get("LastFailure"))) {
                    sb.append("  #").append(c.get("Id")).append(" last failure at ").append(c.get("LastFailureTime")).append(": ")
                            .append(c.get("LastFailure")).append(nl);
                }
            }
        }
        sb.append(nl).append("Settings:").append(nl);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"KEY", "VALUE", "SOURCE"});
        Object settings = agent.get("Settings");
        if (settings instanceof List) {
            for (Object o : (List<?>) settings) {
                Map<?, ?> s = (Map<?, ?>) o;
                String value = str(s.get("value"));
                rows.add(new String[]{str(s.get("key")), value.isEmpty() ? "(none)" : value, str(s.get("source"))});
            }
        }
        table(rows, sb);
        return sb.toString();
    }

    private static void table(List<String[]> rows, StringBuilder sb) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                for (int pad = row[i].length(); i < row.length - 1 && pad < width[i] + 2; pad++) {
                    line.append(' ');
                }
            }
            sb.append(line.toString().replaceAll("\\s+$", "")).append(System.lineSeparator());
        }
    }

    private static boolean empty(Object o) {
        return o == null || o.toString().isEmpty();
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static String dash(Object o) {
        return empty(o) ? "-" : o.toString();
    }
}
