package io.reattach.it.harness;

import java.util.HashMap;
import java.util.Map;

/** The application's summary line: {@code DONE sent=.. received=.. duplicates=.. missing=.. [missing-list=..]}. */
public final class Done {
    public final int sent;
    public final int received;
    public final int duplicates;
    public final int missing;
    public final String missingList;
    /** First arrivals out of order (send-buffer modes only; 0 where the mode does not report it). */
    public final int reordered;
    /** Sends that threw and were not retried (async mode). */
    public final int sendFailures;
    /** CompletionListener.onException calls (async mode). */
    public final int completionErrors;
    public final String line;

    private Done(String line, Map<String, String> fields) {
        this.line = line;
        this.sent = Integer.parseInt(fields.get("sent"));
        this.received = Integer.parseInt(fields.get("received"));
        this.duplicates = Integer.parseInt(fields.get("duplicates"));
        this.missing = Integer.parseInt(fields.get("missing"));
        this.missingList = fields.getOrDefault("missing-list", "");
        this.reordered = Integer.parseInt(fields.getOrDefault("reordered", "0"));
        this.sendFailures = Integer.parseInt(fields.getOrDefault("send-failures", "0"));
        this.completionErrors = Integer.parseInt(fields.getOrDefault("completion-errors", "0"));
    }

    public static Done parse(String line) {
        if (!line.startsWith("DONE ")) {
            throw new IllegalArgumentException("not a DONE line: " + line);
        }
        Map<String, String> fields = new HashMap<>();
        for (String token : line.substring(5).trim().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                fields.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return new Done(line, fields);
    }

    @Override
    public String toString() {
        return line;
    }
}
