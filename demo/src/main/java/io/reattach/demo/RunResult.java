package io.reattach.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one run of the application did, as it reported it on its standard output, plus what was left on the broker
 * afterwards. Every number is computed from those facts; nothing is assumed.
 */
final class RunResult {

    /** A call of one of the application's ExceptionListeners. */
    record ListenerCall(double at, String connection, String errorCode, String message, String linked) {
        boolean isReattachEvent() {
            return errorCode.equals("RECONNECTING") || errorCode.equals("RECONNECTED")
                    || errorCode.equals("RECONNECT_FAILED");
        }

        /** The error code (Reattach's event, or the provider's code), else a short form of the message. */
        String label() {
            return errorCode.isEmpty() || errorCode.equals("null") ? Terminal.cut(text(), 40) : errorCode;
        }

        /**
         * The error code, then the provider's message without exception class names: "DISCONNECT: AMQ219006: Channel
         * disconnected" rather than "org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException:
         * [errorType=NOT_CONNECTED message=AMQ219006: Channel disconnected]".
         */
        String text() {
            String m = message;
            java.util.regex.Matcher artemis = ARTEMIS_MESSAGE.matcher(m);
            if (artemis.find()) {
                m = artemis.group(1);
            } else {
                m = m.replaceAll("^([a-z]\\w*\\.)+(\\w+: )?", "");
            }
            return (errorCode.isEmpty() || errorCode.equals("null") ? "" : errorCode + ": ") + m;
        }
    }

    /** What Artemis puts in an exception's message: {@code [errorType=NOT_CONNECTED message=AMQ219006: ...]}. */
    private static final java.util.regex.Pattern ARTEMIS_MESSAGE =
            java.util.regex.Pattern.compile("\\[errorType=\\w+ message=(.*)\\]\\s*$");

    /** One kill -9 of the broker and the restart after it (NaN while it has not happened). */
    static final class Kill {
        final double at;
        final int sentBefore;
        final int receivedBefore;
        double restartedAt = Double.NaN;
        double restartTook = Double.NaN;

        Kill(double at, int sentBefore, int receivedBefore) {
            this.at = at;
            this.sentBefore = sentBefore;
            this.receivedBefore = receivedBefore;
        }
    }

    final boolean withAgent;
    final int count;
    final Path log;
    final Set<Integer> sent = new LinkedHashSet<>();
    final Map<Integer, String> sendFailures = new LinkedHashMap<>();
    /** Order → the JMSMessageID of each message for it that the application's listener got, in order. */
    final Map<Integer, List<String>> receipts = new TreeMap<>();
    /** Order → the JMSMessageID of each message for it that was still in the queue after the application ended. */
    final Map<Integer, List<String>> leftOver = new TreeMap<>();
    final List<ListenerCall> listenerCalls = new ArrayList<>();
    final List<Kill> kills = new ArrayList<>();
    boolean ready;
    double readyAt = Double.NaN;
    Integer exitCode;
    double exitAt = Double.NaN;
    boolean timedOut;
    /** Why the queue could not be checked after the run, or null. */
    String checkProblem;
    /** Sends the agent made again after reconnects, over all connections, as its log reported them at close. */
    long replayedSends;
    /** Duplicate-detection ids the agent stamped, over all connections. */
    long duplicateIdsStamped;
    /** The agent reported its send buffer's counters (at least one connection closed after using it). */
    boolean bufferReported;
    /** Messages the broker refused as duplicates of one it had stored (its AMQ222059 log lines); -1 if unknown. */
    int brokerDroppedDuplicates = -1;

    /** The agent's line when a connection that used the send buffer closes, with its counters. */
    private static final java.util.regex.Pattern BUFFER_SUMMARY = java.util.regex.Pattern.compile(
            ".*reattach - connection #\\d+ .*: closed; send buffer: .*; replayed (\\d+), dropped from protection \\d+, "
                    + "duplicate ids stamped (\\d+).*");

    /** Adds the counters of an agent log line, if it is a send-buffer summary; returns whether it was. */
    synchronized boolean addBufferSummary(String agentLogLine) {
        java.util.regex.Matcher m = BUFFER_SUMMARY.matcher(agentLogLine);
        if (!m.matches()) {
            return false;
        }
        replayedSends += Long.parseLong(m.group(1));
        duplicateIdsStamped += Long.parseLong(m.group(2));
        bufferReported = true;
        return true;
    }

    RunResult(boolean withAgent, int count, Path log) {
        this.withAgent = withAgent;
        this.count = count;
        this.log = log;
    }

    String name() {
        return withAgent ? "with Reattach" : "without Reattach";
    }

    int sentCount() {
        return sent.size();
    }

    int sendFailedCount() {
        return sendFailures.size();
    }

    /** Orders the application never tried to send: it had died. */
    int neverSent() {
        return count - sent.size() - sendFailures.size();
    }

    /** Distinct orders the application's MessageListener got. */
    int receivedCount() {
        return receipts.size();
    }

    /** Orders sent that reached nobody: neither the application nor the queue after the run. */
    Set<Integer> lost() {
        Set<Integer> lost = new TreeSet<>();
        for (Integer order : sent) {
            if (!receipts.containsKey(order) && !leftOver.containsKey(order)) {
                lost.add(order);
            }
        }
        return lost;
    }

    /** Orders the application never got that were still on the broker after the run. */
    Set<Integer> leftOnBroker() {
        Set<Integer> left = new TreeSet<>();
        for (Integer order : leftOver.keySet()) {
            if (!receipts.containsKey(order)) {
                left.add(order);
            }
        }
        return left;
    }

    /**
     * Deliveries after the first one of each order, by cause: {@code [redelivered, sentTwice]}. A second delivery of
     * the same JMSMessageID is a redelivery (the acknowledgement of the first was lost); a second JMSMessageID for the
     * same order is a second copy sent (the provider gives every send a new JMSMessageID). Both count the messages
     * found in the queue after the run.
     */
    int[] duplicateCauses() {
        int redelivered = 0;
        int sentTwice = 0;
        for (List<String> ids : deliveries().values()) {
            int distinct = new java.util.HashSet<>(ids).size();
            redelivered += ids.size() - distinct;
            sentTwice += distinct - 1;
        }
        return new int[] {redelivered, sentTwice};
    }

    int duplicates() {
        int[] c = duplicateCauses();
        return c[0] + c[1];
    }

    /** Orders delivered more than once (to the application, or to it and then to the queue check). */
    Set<Integer> duplicatedOrders() {
        Set<Integer> orders = new TreeSet<>();
        deliveries().forEach((order, ids) -> {
            if (ids.size() > 1) {
                orders.add(order);
            }
        });
        return orders;
    }

    /** Orders received by the application and found in the queue again after the run. */
    int receivedAndLeftOver() {
        return (int) leftOver.keySet().stream().filter(receipts::containsKey).count();
    }

    private Map<Integer, List<String>> deliveries() {
        Map<Integer, List<String>> all = new TreeMap<>();
        receipts.forEach((order, ids) -> all.computeIfAbsent(order, k -> new ArrayList<>()).addAll(ids));
        leftOver.forEach((order, ids) -> all.computeIfAbsent(order, k -> new ArrayList<>()).addAll(ids));
        return all;
    }

    int reconnects() {
        return (int) listenerCalls.stream().filter(c -> c.errorCode().equals("RECONNECTED")).count();
    }

    /** Label → how many times, in the order first seen. */
    Map<String, Integer> listenerCallCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ListenerCall c : listenerCalls) {
            counts.merge(c.label(), 1, Integer::sum);
        }
        return counts;
    }

    /** The application ran to its end and exited with 0. */
    boolean completed() {
        return exitCode != null && exitCode == 0 && !timedOut;
    }

    /** Completed, sent every order, and every order it sent reached it. */
    boolean lostNothing() {
        return completed() && sentCount() == count && lost().isEmpty() && leftOnBroker().isEmpty()
                && checkProblem == null;
    }

    /** Seconds from each kill until the last connection said RECONNECTED (NaN if none did before the next kill). */
    List<Double> recoverySeconds() {
        List<Double> result = new ArrayList<>();
        for (int i = 0; i < kills.size(); i++) {
            double from = kills.get(i).at;
            double to = i + 1 < kills.size() ? kills.get(i + 1).at : Double.MAX_VALUE;
            double last = Double.NaN;
            for (ListenerCall c : listenerCalls) {
                if (c.errorCode().equals("RECONNECTED") && c.at() >= from && c.at() < to) {
                    last = c.at() - from;
                }
            }
            result.add(last);
        }
        return result;
    }
}
