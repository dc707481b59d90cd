package io.reattach.status;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.TimeZone;

/** Times as the status shows them: ISO-8601, UTC, milliseconds. */
public final class Times {
    private Times() {
    }

    public static String now() {
        return format(System.currentTimeMillis());
    }

    /** Empty for 0 (never). */
    public static String format(long epochMillis) {
        if (epochMillis == 0) {
            return "";
        }
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f.format(new Date(epochMillis));
    }
}
