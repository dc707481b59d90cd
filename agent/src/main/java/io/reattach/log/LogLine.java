package io.reattach.log;

import java.util.TimeZone;

/** The text of one log line: the local time, the level, the logger's name and the message with its arguments. */
final class LogLine {
    private LogLine() {
    }

    /** {@code 2026-11-27 09:47:01.123 [INFO] reattach - message}: the line SLF4J's simple logger wrote before. */
    static String line(long millis, String level, String message) {
        StringBuilder sb = new StringBuilder(40 + message.length());
        appendLocalTime(sb, millis, TimeZone.getDefault());
        return sb.append(" [").append(level).append("] reattach - ").append(message).toString();
    }

    /** {@code format} with each {@code {}} replaced by the next of the first {@code count} arguments. */
    static String format(String format, Object[] args, int count) {
        StringBuilder sb = new StringBuilder(format.length() + 32 * count);
        int from = 0;
        for (int i = 0; i < count; i++) {
            int at = format.indexOf("{}", from);
            if (at < 0) {
                break;
            }
            sb.append(format, from, at).append(text(args[i]));
            from = at + 2;
        }
        return sb.append(format, from, format.length()).toString();
    }

    private static String text(Object arg) {
        try {
            return String.valueOf(arg);
        } catch (RuntimeException e) {
            return "[toString() failed: " + e + "]";
        }
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS} in {@code zone}, without SimpleDateFormat (and the locale data it loads). */
    static void appendLocalTime(StringBuilder sb, long millis, TimeZone zone) {
        long local = millis + zone.getOffset(millis);
        long days = Math.floorDiv(local, 86_400_000L);
        long ofDay = Math.floorMod(local, 86_400_000L);
        // The proleptic Gregorian date of a day count from 1970-01-01, in eras of 400 years (146097 days).
        long shifted = days + 719_468; // from 0000-03-01, so that the leap day ends a year
        long era = Math.floorDiv(shifted, 146_097);
        long dayOfEra = shifted - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
        long month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        pad(sb, year, 4).append('-');
        pad(sb, month, 2).append('-');
        pad(sb, day, 2).append(' ');
        pad(sb, ofDay / 3_600_000, 2).append(':');
        pad(sb, ofDay / 60_000 % 60, 2).append(':');
        pad(sb, ofDay / 1000 % 60, 2).append('.');
        pad(sb, ofDay % 1000, 3);
    }

    private static StringBuilder pad(StringBuilder sb, long value, int digits) {
        String s = Long.toString(value);
        for (int i = s.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
