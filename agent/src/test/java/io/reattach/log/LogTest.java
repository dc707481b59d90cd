package io.reattach.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Random;
import java.util.TimeZone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's log lines as an operator reads them on standard error. */
class LogTest {
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        Log.configure("INFO");
    }

    @Test
    void aLineHasTheLocalTimeTheLevelTheLoggerAndTheMessageWithItsArguments() {
        String line = capture(() -> Log.warn("{} failed ({}); retrying in {} ms", "createConnection", "refused", 250));
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[WARN] reattach - "
                + "createConnection failed \\(refused\\); retrying in 250 ms\\R"), line);
    }

    @Test
    void missingArgumentsLeaveThePlaceholderAndExtraOnesAreDropped() {
        assertEquals("a null {}", LogLine.format("a {} {}", new Object[]{null}, 1));
        assertEquals("a b", LogLine.format("a {}", new Object[]{"b", "c"}, 2));
        assertEquals("no placeholders", LogLine.format("no placeholders", new Object[0], 0));
    }

    @Test
    void aThrowableGivenLastIsPrintedWithItsStackTrace() {
        String out = capture(() -> Log.info("lost {}", "conn-1", new IllegalStateException("boom")));
        assertTrue(out.contains("[INFO] reattach - lost conn-1" + System.lineSeparator() + "java.lang.IllegalStateException: boom"), out);
        assertTrue(out.contains("\tat io.reattach.log.LogTest"), out);
    }

    @Test
    void theLevelFiltersAndDebugIsOffByDefault() {
        assertEquals("", capture(() -> Log.debug("not shown")));
        Log.configure("debug");
        assertTrue(Log.isDebugEnabled());
        assertTrue(capture(() -> Log.debug("shown")).contains("[DEBUG] reattach - shown"));
        Log.configure("WARN");
        assertEquals("", capture(() -> Log.info("not shown")));
        Log.configure("OFF");
        assertEquals("", capture(() -> Log.error("not shown")));
        assertEquals("", capture(() -> Log.internalError("a place LogTest uses once", new RuntimeException())));
    }

    @Test
    void anInternalErrorIsLoggedOncePerPlace() {
        String out = capture(() -> {
            Log.internalError("LogTest.somewhere", new RuntimeException("first"));
            Log.internalError("LogTest.somewhere", new RuntimeException("second"));
        });
        assertTrue(out.contains("[ERROR] reattach - internal error in LogTest.somewhere;") && out.contains("first"), out);
        assertTrue(!out.contains("second"), out);
    }

    @Test
    void theTimeIsWhatSimpleDateFormatWrites() {
        Random random = new Random(13);
        for (String zone : new String[]{"UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "Pacific/Kiritimati"}) {
            TimeZone tz = TimeZone.getTimeZone(zone);
            SimpleDateFormat expected = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss.SSS");
            expected.setTimeZone(tz);
            long[] instants = {0, -1, 951_782_400_000L /* 2000-02-29 */, 4_107_542_399_999L /* 2100-02-28T23:59:59.999 */,
                    1_711_846_800_000L /* a DST change in Europe */, System.currentTimeMillis()};
            for (long millis : instants) {
                assertEquals(expected.format(new Date(millis)), localTime(millis, tz), zone + " " + millis);
            }
            for (int i = 0; i < 2000; i++) {
                long millis = (long) (random.nextDouble() * 8_000_000_000_000L) - 1_000_000_000_000L; // 1938 to 2223
                assertEquals(expected.format(new Date(millis)), localTime(millis, tz), zone + " " + millis);
            }
        }
    }

    private static String localTime(long millis, TimeZone zone) {
        StringBuilder sb = new StringBuilder();
        LogLine.appendLocalTime(sb, millis, zone);
        return sb.toString();
    }

    private String capture(Runnable logging) {
        err.reset();
        System.setErr(new PrintStream(err, true));
        try {
            logging.run();
        } finally {
            System.setErr(originalErr);
        }
        return new String(err.toByteArray(), StandardCharsets.UTF_8);
    }

    /** The messages of the agent's lines written to standard error while {@code lines} runs. */
    private static List<String> logged(Runnable lines) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        lines.run();
        List<String> result = new ArrayList<>();
        for (String line : new String(err.toByteArray(), StandardCharsets.UTF_8).split("\\R")) {
            int at = line.indexOf("reattach - ");
            if (at >= 0) {
                result.add(line.substring(at + "reattach - ".length()));
            }
        }
        return result;
    }

    @Test
    void aNewLevelTakesEffectAtTheNextLine() {
        List<String> lines = logged(() -> {
            Log.configure("INFO");
            Log.info("started");
            Log.debug("detail 1");
            Log.configure("WARN"); // a reload to a quieter level
            Log.info("quiet now");
            Log.warn("still warns");
            Log.configure("debug"); // and to a louder one
            Log.debug("detail {}", 2);
            Log.configure("OFF");
            Log.error("not even errors");
        });
        assertEquals(Arrays.asList("started", "still warns", "detail 2"), lines);
    }

    @Test
    void isDebugEnabledFollowsTheLevel() {
        Log.configure("DEBUG");
        assertTrue(Log.isDebugEnabled());
        Log.configure("INFO");
        assertFalse(Log.isDebugEnabled());
    }

    @Test
    void aWordThatIsNoLevelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Log.configure("LOUD"));
    }
}
