package io.reattach.config;

import io.reattach.policy.DelayStep;
import io.reattach.policy.ReconDelaySchedule;
import io.reattach.policy.ReconnectEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The parsers of setting values ({@link Parser}). Each takes the value as given (already trimmed) and either returns the typed
 * value or throws {@link Invalid} with a message that quotes the offending part; what the key accepts in
 * general is added by the caller from {@link Key#accepted}.
 */
final class Values {

    /** A value that does not parse. No stack trace: it is an answer, not a failure of ours. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What a key accepts: how its text becomes a value, and how the value is printed back. One class that switches on
     * its {@link Form}, not a lambda per key: the settings are read inside the application's premain, where the JVM
     * links each lambda in about 0.6 ms (BENCHMARKS.md, "Start-up"); the key table alone had 35 of them.
     */
    static final class Parser<T> {
        enum Form {
            ONE_OF, YES_NO, TRUE_FALSE, NON_EMPTY_TEXT, PROPERTY_NAME, NON_NEGATIVE, ZERO_OR_AT_LEAST,
            MINUS_ONE_OR_AT_LEAST, ATTEMPTS, MULTIPLIER, RECON_DELAY, CONNECTION_NAME_LIST, EVENTS, TARGETS
        }

        private final Form form;
        private final String[] words;
        private final long min;
        private final String unit;

        Parser(Form form, String[] words, long min, String unit) {
            this.form = form;
            this.words = words;
            this.min = min;
            this.unit = unit;
        }

        @SuppressWarnings("unchecked")
        T parse(String text) throws Invalid {
            return (T) parseValue(text);
        }

        private Object parseValue(String text) throws Invalid {
            switch (form) {
                case ONE_OF:
                    return word(text, words);
                case YES_NO:
                    return word(text, words).equals("YES");
                case TRUE_FALSE:
                    return word(text, words).equals("true");
                case NON_EMPTY_TEXT:
                    if (text.isEmpty()) {
                        throw new Invalid("the value is empty");
                    }
                    return text;
                case PROPERTY_NAME:
                    return propertyName(text);
                case NON_NEGATIVE:
                    return nonNegative(text, unit);
                case ZERO_OR_AT_LEAST:
                    return zeroOrAtLeast(text, min, unit);
                case MINUS_ONE_OR_AT_LEAST:
                    return minusOneOrAtLeast(text, min, unit);
                case ATTEMPTS:
                    return attempts(text, (int) min);
                case MULTIPLIER:
                    return multiplier(text);
                case RECON_DELAY:
                    return reconDelay(text);
                case CONNECTION_NAME_LIST:
                    return connectionNameList(text);
                case EVENTS:
                    return events(text);
                case TARGETS:
                    return targets(text);
                default:
                    throw new AssertionError(form);
            }
        }

        @SuppressWarnings("unchecked")
        String print(Object value) {
            switch (form) {
                case YES_NO:
                    return (Boolean) value ? "YES" : "NO";
                case RECON_DELAY:
                    return ((ReconDelaySchedule) value).describe();
                case CONNECTION_NAME_LIST:
                    return HostPort.list((List<HostPort>) value);
                case EVENTS:
                    return printEvents((Set<ReconnectEvent>) value);
                case TARGETS:
                    return String.join(",", (List<String>) value);
                default:
                    return String.valueOf(value);
            }
        }
    }

    // The value checks below are loops over characters, not regular expressions: the settings are read inside
    // premain, where compiling the first patterns of a JVM costs milliseconds.

    /** {@code -?[0-9]+} */
    private static boolean isInteger(String text) {
        return digits(text, text.startsWith("-") ? 1 : 0, text.length()) > 0;
    }

    /** {@code -?([0-9]+(\.[0-9]*)?|\.[0-9]+)} */
    private static boolean isDecimal(String text) {
        int from = text.startsWith("-") ? 1 : 0;
        int dot = text.indexOf('.', from);
        if (dot < 0) {
            return digits(text, from, text.length()) > 0;
        }
        int before = digits(text, from, dot);
        int after = digits(text, dot + 1, text.length());
        return before >= 0 && after >= 0 && before + after > 0;
    }

    /** How many characters of {@code text[from, to)} there are, all digits; -1 when one is not a digit. */
    private static int digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return to - from;
    }

    /** Not empty, and each character an ASCII digit, an ASCII letter (upper case only if {@code upper}) or in {@code others}. */
    private static boolean only(String text, boolean upper, String others) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || upper && c >= 'A' && c <= 'Z' || others.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    /** Host names, IPv4 and IPv6 addresses (with an optional %zone, bracketed or not), as IBM MQ's CONNAME takes them. */
    private static boolean isHost(String text) {
        return only(text, true, "._-:%[]");
    }

    /** A lower-case host name or IPv4 address. */
    private static boolean isHostName(String text) {
        return only(text, false, "._-");
    }

    /** {@code [...]} around a lower-case IPv6 address, with an optional %zone. */
    private static boolean isBracketedIpv6(String text) {
        return text.length() > 2 && text.startsWith("[") && text.endsWith("]") && only(text.substring(1, text.length() - 1), false, ":.%");
    }

    private Values() {
    }

    /** One of a few words, case-insensitive; returns the word in the case of {@code words}. */
    static Parser<String> oneOf(String... words) {
        return new Parser<>(Parser.Form.ONE_OF, words, 0, null);
    }

    static Parser<Boolean> yesNo() {
        return new Parser<>(Parser.Form.YES_NO, new String[]{"YES", "NO"}, 0, null);
    }

    static Parser<Boolean> trueFalse() {
        return new Parser<>(Parser.Form.TRUE_FALSE, new String[]{"true", "false"}, 0, null);
    }

    /** Any text but an empty one, as it is. */
    static Parser<String> nonEmptyText() {
        return new Parser<>(Parser.Form.NON_EMPTY_TEXT, null, 0, null);
    }

    /** A JMS message property name: a Java identifier that does not start with JMS (those names are reserved). */
    static Parser<String> propertyName() {
        return new Parser<>(Parser.Form.PROPERTY_NAME, null, 0, null);
    }

    /** A whole number that is 0 or more, e.g. milliseconds. {@code unit} is plural: "milliseconds". */
    static Parser<Long> nonNegative(String unit) {
        return new Parser<>(Parser.Form.NON_NEGATIVE, null, 0, unit);
    }

    /** 0 (a special meaning: off) or a whole number of at least {@code min}. */
    static Parser<Long> zeroOrAtLeast(long min, String unit) {
        return new Parser<>(Parser.Form.ZERO_OR_AT_LEAST, null, min, unit);
    }

    /** -1 (a special meaning) or a whole number of at least {@code min}. */
    static Parser<Long> minusOneOrAtLeast(long min, String unit) {
        return new Parser<>(Parser.Form.MINUS_ONE_OR_AT_LEAST, null, min, unit);
    }

    /** Same as {@link #minusOneOrAtLeast} for counts that must fit an int. */
    static Parser<Integer> attempts(int min) {
        return new Parser<>(Parser.Form.ATTEMPTS, null, min, null);
    }

    /** A decimal number, 1.0 or more. */
    static Parser<Double> multiplier() {
        return new Parser<>(Parser.Form.MULTIPLIER, null, 0, null);
    }

    /** {@code (ms[,randomMs])...}, whitespace allowed between the parts. */
    static Parser<ReconDelaySchedule> reconDelay() {
        return new Parser<>(Parser.Form.RECON_DELAY, null, 0, null);
    }

    /** {@code host(port),host(port)...}; empty means none. */
    static Parser<List<HostPort>> connectionNameList() {
        return new Parser<>(Parser.Form.CONNECTION_NAME_LIST, null, 0, null);
    }

    /** Comma list of event names, or ALL, or NONE, case-insensitive. */
    static Parser<Set<ReconnectEvent>> events() {
        return new Parser<>(Parser.Form.EVENTS, null, 0, null);
    }

    /**
     * Comma list of {@code host:port} patterns, {@code *} for any host or any port; IPv6 addresses in brackets.
     * Normalised to lower case without spaces and duplicates, so that matching needs no parsing.
     */
    static Parser<List<String>> socketTargets() {
        return new Parser<>(Parser.Form.TARGETS, null, 0, null);
    }

    private static String word(String text, String[] words) throws Invalid {
        for (String w : words) {
            if (w.equalsIgnoreCase(text)) {
                return w;
            }
        }
        throw new Invalid(text.isEmpty() ? "the value is empty" : Text.quote(text) + " is not one of the accepted words");
    }

    private static String propertyName(String text) throws Invalid {
        boolean identifier = !text.isEmpty() && Character.isJavaIdentifierStart(text.charAt(0));
        for (int i = 1; identifier && i < text.length(); i++) {
            identifier = Character.isJavaIdentifierPart(text.charAt(i));
        }
        if (!identifier) {
            throw new Invalid(text.isEmpty() ? "the value is empty" : Text.quote(text) + " is not a Java identifier");
        }
        if (text.startsWith("JMS")) {
            throw new Invalid(Text.quote(text) + " starts with JMS, which JMS reserves for its own properties");
        }
        return text;
    }

    private static long nonNegative(String text, String unit) throws Invalid {
        long n = wholeNumber(text, unit);
        if (n < 0) {
            throw new Invalid(Text.quote(text) + " is negative");
        }
        return n;
    }

    private static long zeroOrAtLeast(String text, long min, String unit) throws Invalid {
        long n = wholeNumber(text, unit);
        if (n != 0 && n < min) {
            throw new Invalid(Text.quote(text) + (n < 0 ? " is negative" : " is less than " + min));
        }
        return n;
    }

    private static long minusOneOrAtLeast(String text, long min, String unit) throws Invalid {
        long n = wholeNumber(text, unit);
        if (n != -1 && n < min) {
            throw new Invalid(Text.quote(text) + " is out of range");
        }
        return n;
    }

    private static int attempts(String text, int min) throws Invalid {
        long n = minusOneOrAtLeast(text, min, "attempts");
        if (n > Integer.MAX_VALUE) {
            throw new Invalid(Text.quote(text) + " is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) n;
    }

    private static double multiplier(String text) throws Invalid {
        if (!isDecimal(text)) {
            throw new Invalid(text.isEmpty() ? "the value is empty" : Text.quote(text) + " is not a decimal number");
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            throw new Invalid(Text.quote(text) + " is too large");
        }
        if (d < 1.0) {
            throw new Invalid(Text.quote(text) + " is less than 1.0, which would make the delays shrink");
        }
        return d;
    }

    private static long wholeNumber(String text, String unit) throws Invalid {
        if (text.isEmpty()) {
            throw new Invalid("the value is empty");
        }
        if (!isInteger(text)) {
            throw new Invalid(Text.quote(text) + " is not a whole number of " + unit);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            // Only overflow gets here: the pattern has checked the digits.
            throw new Invalid(Text.quote(text) + " is too large");
        }
    }

    private static ReconDelaySchedule reconDelay(String text) throws Invalid {
        if (text.isEmpty()) {
            throw new Invalid("the value is empty");
        }
        List<DelayStep> steps = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i == text.length()) {
                break;
            }
            if (text.charAt(i) != '(') {
                throw new Invalid("expected '(' at " + Text.quote(text.substring(i)));
            }
            int close = text.indexOf(')', i);
            if (close < 0) {
                throw new Invalid(Text.quote(text.substring(i).trim()) + " has no closing ')'");
            }
            int nextOpen = text.indexOf('(', i + 1);
            if (nextOpen >= 0 && nextOpen < close) {
                throw new Invalid(Text.quote(text.substring(i, close + 1)) + " has a '(' inside a pair: is a ')' missing?");
            }
            String pair = text.substring(i, close + 1);
            String[] parts = pair.substring(1, pair.length() - 1).split(",", -1);
            if (parts.length > 2) {
                throw new Invalid(Text.quote(pair) + " has more than two numbers");
            }
            long fixed = delayPart(parts[0], pair);
            long random = parts.length == 2 ? delayPart(parts[1], pair) : 0;
            steps.add(new DelayStep(fixed, random));
            i = close + 1;
        }
        if (steps.isEmpty()) { // only whitespace that trim() keeps, such as U+2003
            throw new Invalid("the value is empty");
        }
        return new ReconDelaySchedule(steps);
    }

    private static long delayPart(String part, String pair) throws Invalid {
        String t = part.trim();
        if (t.isEmpty()) {
            throw new Invalid(Text.quote(pair) + " is missing a number");
        }
        long n = wholeNumber(t, "milliseconds");
        if (n < 0) {
            throw new Invalid(Text.quote(t) + " in " + Text.quote(pair) + " is negative");
        }
        return n;
    }

    private static List<HostPort> connectionNameList(String text) throws Invalid {
        List<HostPort> result = new ArrayList<>();
        if (text.isEmpty()) {
            return Collections.unmodifiableList(result);
        }
        for (String item : text.split(",", -1)) {
            String t = item.trim();
            if (t.isEmpty()) {
                throw new Invalid("an entry between commas is empty");
            }
            int open = t.indexOf('(');
            if (open < 0) {
                throw new Invalid(Text.quote(t) + " has no port: write host(port), e.g. " + Text.printable(t) + "(61616)");
            }
            if (!t.endsWith(")")) {
                throw new Invalid(Text.quote(t) + " does not end with ')'");
            }
            String host = t.substring(0, open).trim();
            if (host.isEmpty()) {
                throw new Invalid(Text.quote(t) + " has no host");
            }
            if (!isHost(host)) {
                throw new Invalid(Text.quote(host) + " is not a host name or IP address");
            }
            result.add(new HostPort(host, port(t.substring(open + 1, t.length() - 1).trim(), t)));
        }
        return Collections.unmodifiableList(result);
    }

    private static int port(String text, String entry) throws Invalid {
        if (digits(text, 0, text.length()) < 1 || text.length() > 9) {
            throw new Invalid(Text.quote(text) + " in " + Text.quote(entry) + " is not a port number");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new Invalid("port " + port + " in " + Text.quote(entry) + " is not between 1 and 65535");
        }
        return port;
    }

    private static Set<ReconnectEvent> events(String text) throws Invalid {
        if (text.isEmpty()) {
            throw new Invalid("the value is empty; write NONE for no events");
        }
        String[] items = text.split(",", -1);
        Set<ReconnectEvent> result = EnumSet.noneOf(ReconnectEvent.class);
        for (String item : items) {
            String t = item.trim().toUpperCase(Locale.ROOT);
            if (t.isEmpty()) {
                throw new Invalid("an entry between commas is empty");
            }
            if (t.equals("ALL") || t.equals("NONE")) {
                if (items.length > 1) {
                    throw new Invalid(t + " cannot be combined with other events");
                }
                return Collections.unmodifiableSet(t.equals("ALL") ? EnumSet.allOf(ReconnectEvent.class) : result);
            }
            result.add(event(t));
        }
        return Collections.unmodifiableSet(result);
    }

    private static ReconnectEvent event(String name) throws Invalid {
        for (ReconnectEvent e : ReconnectEvent.values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new Invalid(Text.quote(name) + " is not an event name");
    }

    static String printEvents(Set<ReconnectEvent> events) {
        if (events.isEmpty()) {
            return "NONE";
        }
        if (events.size() == ReconnectEvent.values().length) {
            return "ALL";
        }
        List<String> names = new ArrayList<>();
        for (ReconnectEvent e : events) {
            names.add(e.name());
        }
        return String.join(",", names);
    }

    private static List<String> targets(String text) throws Invalid {
        Set<String> result = new LinkedHashSet<>();
        if (text.isEmpty()) {
            return Collections.unmodifiableList(new ArrayList<String>());
        }
        for (String item : text.split(",", -1)) {
            String t = item.trim().toLowerCase(Locale.ROOT);
            if (t.isEmpty()) {
                throw new Invalid("an entry between commas is empty");
            }
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                throw new Invalid(Text.quote(t) + " has no port: write host:port, * for any port, e.g. " + Text.printable(t) + ":*");
            }
            String host = t.substring(0, colon).trim();
            String port = t.substring(colon + 1).trim();
            if (host.isEmpty()) {
                throw new Invalid(Text.quote(t) + " has no host: write * for any host");
            }
            if (host.contains(":") && !host.startsWith("[")) {
                throw new Invalid(Text.quote(t) + ": IPv6 addresses go in brackets, e.g. [::1]:5672");
            }
            if (!host.equals("*") && !isHostName(host) && !isBracketedIpv6(host)) {
                throw new Invalid(Text.quote(host) + " is not a host name or IP address"
                        + (host.contains("*") ? " (* stands only for a whole host: *:port)" : ""));
            }
            if (!port.equals("*")) {
                port = String.valueOf(port(port, t));
            }
            result.add(host + ":" + port);
        }
        return Collections.unmodifiableList(new ArrayList<>(result));
    }
}
