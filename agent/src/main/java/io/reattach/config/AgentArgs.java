package io.reattach.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code -javaagent:reattach-agent.jar=key=value,key=value}. Values may hold commas (ReconDelay pairs,
 * ConnectionNameList, lists), so commas inside parentheses never split, and a piece with no '=' continues the
 * value before it: {@code ConnectionNameList=a(1),b(2),ReconDelay=(100,50)(200)} is two keys. This works
 * because no value of ours contains '='.
 */
final class AgentArgs {

    static final String SOURCE = "agent argument";

    /** One {@code key=value}, trimmed, key as spelled. */
    static final class Arg {
        final String key;
        final String value;

        Arg(String key, String value) {
            this.key = key;
            this.value = value;
        }
    }

    private AgentArgs() {
    }

    /** Never throws; what cannot be understood becomes a problem. */
    static List<Arg> split(String args, List<ConfigException.Problem> problems) {
        List<Arg> result = new ArrayList<>();
        if (args == null) {
            return result;
        }
        String key = null;
        StringBuilder value = null;
        StringBuilder orphan = null; // pieces before the first key=value: reported once, as a whole
        for (String piece : splitOutsideParentheses(args)) {
            if (piece.trim().isEmpty()) {
                continue; // "a=1,,b=2" and a trailing comma mean nothing
            }
            int eq = piece.indexOf('=');
            if (eq >= 0) {
                if (key != null) {
                    result.add(new Arg(key, value.toString().trim()));
                }
                key = piece.substring(0, eq).trim();
                value = new StringBuilder(piece.substring(eq + 1));
                if (key.isEmpty()) {
                    problems.add(new ConfigException.Problem(Source.AGENT_ARGUMENT, null, null,
                            Text.quote(piece.trim()) + " has no key before '='", "key=value,key=value..."));
                    key = null;
                }
            } else if (key != null) {
                value.append(',').append(piece);
            } else if (value == null) {
                orphan = orphan == null ? new StringBuilder(piece) : orphan.append(',').append(piece);
            }
            // else: continuation of a piece with an empty key, already reported
        }
        if (key != null) {
            result.add(new Arg(key, value.toString().trim()));
        }
        if (orphan != null) {
            problems.add(new ConfigException.Problem(Source.AGENT_ARGUMENT, null, null,
                    Text.quote(orphan.toString().trim()) + " is not key=value", "key=value,key=value..."));
        }
        return result;
    }

    private static List<String> splitOutsideParentheses(String s) {
        List<String> pieces = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                pieces.add(s.substring(start, i));
                start = i + 1;
            }
        }
        pieces.add(s.substring(start));
        return pieces;
    }
}
