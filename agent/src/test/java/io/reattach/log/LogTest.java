package io.reattach.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code LogLevel} decides at each line, so that a reload that changes it takes effect after lines were logged. */
class LogTest {

    private final PrintStream originalErr = System.err;

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        Log.configure("INFO"); // the default, for the tests that run after this one
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
