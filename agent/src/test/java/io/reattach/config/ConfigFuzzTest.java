package io.reattach.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of random and mutated inputs: the loader either gives valid settings or a ConfigException, never
 * any other exception, because under -javaagent anything else would be a crash of the application's start-up.
 * Seeded: a failure names the iteration and prints its input, and reruns the same way.
 */
class ConfigFuzzTest {

    private static final long SEED = 20261122L;
    private static final int ITERATIONS = 5000;

    /** The realistic IBM MQ file with every Reattach key added. */
    private static final String FULL = TestEnv.resource("full-mqclient.ini")
            + "\r\n[Reattach2]\r\n"
            + "ReconnectAttempts=10 # inline\n"
            + "RetryInterval=100\n"
            + "InitialConnectAttempts=1\n"
            + "ConfirmationWindowSize=-1\n"
            + "SocketTargets=db:5432,*:61616,[::1]:*\n"
            + "LogLevel=DEBUG\n"
            + "DuplicateDetection=YES\n";

    /** A small valid file, mutated most of the time: the same parsers at a fraction of the cost per iteration. */
    private static final String COMPACT = "\uFEFF# compact\r\n"
            + "CHANNELS:\r\n"
            + "  DefRecon=QMGR ; comment\r\n"
            + "  ReconDelay=(1000,250)(2000, 500) (4000)\r\n"
            + "  MQReconnectTimeout=60\r\n"
            + "TCP:\n"
            + "  KeepAlive=Yes\n"
            + "[Reattach]\n"
            + "ConnectionNameList=a(1),b.example.com(61616)\n"
            + "ExceptionListenerEvents=RECONNECTED,RECONNECT_FAILED\n"
            + "SocketTargets=db:5432,*:61616\n"
            + "RetryIntervalMultiplier=2.0\n"
            + "ConfirmationWindowSize=65536\n";

    /** Characters that mean something to one of the parsers, and some that mean trouble. */
    private static final String SPICE = "()=,:;#[] \t\r\n-+.*%0123456789aZ_\u00e9\uFEFF\u0000\u2003\uFFFD";
    private static final String[] KEYS = {"DefRecon", "ReconDelay", "RetryInterval", "RetryIntervalMultiplier", "MaxRetryInterval",
            "ReconnectAttempts", "MQReconnectTimeout", "InitialConnectAttempts", "ConnectionNameList", "ConfirmationWindowSize",
            "ExceptionListenerEvents", "SocketTargets", "LogLevel", "DuplicateDetection", "onConfigError", "allowInsecureConfig",
            "config", "KeepAlive", "CHANNELS:", "[TCP]"};

    @TempDir
    Path tmp;

    /** A load that may only succeed or throw ConfigException. */
    private interface Load {
        Settings load() throws ConfigException;
    }

    /** Runs one load; true when it gave settings, false when it gave a ConfigException. */
    private static boolean outcome(int iteration, byte[] input, Load load) {
        try {
            check(load.load());
            return true;
        } catch (ConfigException e) {
            check(e);
            return false;
        } catch (Throwable t) {
            throw new AssertionError("iteration " + iteration + " (seed " + SEED + ") threw " + t + " for input:\n"
                    + new String(input, StandardCharsets.UTF_8), t);
        }
    }

    @Test
    void mutatedAndRandomFilesNeverThrowAnythingButConfigException() {
        Random random = new Random(SEED);
        Environment env = Environment.of(Collections.<String, String>emptyMap(), Collections.<String, String>emptyMap(), tmp, tmp);
        int loaded = 0;
        long start = System.nanoTime();
        for (int i = 0; i < ITERATIONS; i++) {
            final byte[] input = input(random);
            if (outcome(i, input, () -> SettingsLoader.loadContent("/etc/fuzz/mqclient.ini", input, env))) {
                loaded++;
            }
        }
        // Both outcomes must be common, or the mutations are not exercising the parsers.
        assertTrue(loaded > ITERATIONS / 50, "loaded " + loaded);
        assertTrue(ITERATIONS - loaded > ITERATIONS / 50, "rejected " + (ITERATIONS - loaded));
        System.out.println("ConfigFuzzTest: " + ITERATIONS + " inputs, " + loaded + " loaded, " + (ITERATIONS - loaded) + " rejected, "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** Fewer, because writing a file costs more than loading it: the same inputs through the real file path. */
    @Test
    void throughRealFiles() throws IOException {
        Random random = new Random(SEED);
        Path file = tmp.resolve("fuzz.ini");
        Environment env = Environment.of(Collections.<String, String>emptyMap(), Collections.<String, String>emptyMap(), tmp, tmp);
        for (int i = 0; i < ITERATIONS / 25; i++) {
            byte[] input = input(random);
            Files.write(file, input);
            outcome(i, input, () -> SettingsLoader.load("config=" + file, env));
        }
    }

    @Test
    void randomAgentArgumentsNeverThrowAnythingButConfigException() {
        Random random = new Random(SEED + 1);
        Environment env = Environment.of(Collections.<String, String>emptyMap(), Collections.<String, String>emptyMap(),
                tmp.resolve("nowhere"), null);
        for (int i = 0; i < ITERATIONS; i++) {
            StringBuilder args = new StringBuilder();
            int pieces = random.nextInt(6);
            for (int p = 0; p < pieces; p++) {
                args.append(p == 0 ? "" : ",");
                if (random.nextInt(4) > 0) {
                    args.append(KEYS[random.nextInt(KEYS.length - 3)]).append('=');
                }
                args.append(value(random));
            }
            if (random.nextInt(10) == 0) {
                mutate(args, random);
            }
            String a = args.toString();
            try {
                check(SettingsLoader.load(a, env));
            } catch (ConfigException e) {
                check(e);
            } catch (Throwable t) {
                throw new AssertionError("iteration " + i + " threw " + t + " for agent arguments: " + a, t);
            }
            String mode = SettingsLoader.onConfigError(a, env);
            assertTrue(mode.equals("fail") || mode.equals("warn"), mode);
        }
    }

    private static void check(Settings s) {
        assertEquals(17, s.effective().size());
        assertFalse(s.describe().isEmpty());
        for (int attempt = 1; attempt <= 8; attempt++) {
            assertTrue(s.reconnectPolicy().schedule().delayMillis(attempt, new Random(attempt)) >= 0);
        }
        for (String w : s.warnings()) {
            assertEquals(-1, w.indexOf('\n'), w);
        }
    }

    private static void check(ConfigException e) {
        assertFalse(e.problems().isEmpty());
        for (ConfigException.Problem p : e.problems()) {
            String line = p.toString();
            assertEquals(-1, line.indexOf('\n'), line);
            assertEquals(-1, line.indexOf('\r'), line);
            assertTrue(line.length() < 1000, "problem lines stay readable: " + line.length());
        }
    }

    private static byte[] input(Random random) {
        int kind = random.nextInt(20);
        if (kind == 0) { // pure noise
            byte[] b = new byte[random.nextInt(2000)];
            random.nextBytes(b);
            return b;
        }
        if (kind == 1) { // random lines made of our keys and values
            StringBuilder sb = new StringBuilder();
            for (int n = random.nextInt(30); n > 0; n--) {
                sb.append(KEYS[random.nextInt(KEYS.length)]).append(random.nextBoolean() ? "=" : "").append(value(random))
                        .append(random.nextBoolean() ? "\n" : "\r\n");
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder(random.nextInt(5) == 0 ? FULL : COMPACT);
        for (int n = 1 + random.nextInt(5); n > 0; n--) {
            mutate(text, random);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(10) == 0) { // a few flipped bytes: broken UTF-8
            for (int n = 1 + random.nextInt(5); n > 0 && bytes.length > 0; n--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
        }
        return bytes;
    }

    private static void mutate(StringBuilder text, Random random) {
        int at = text.length() == 0 ? 0 : random.nextInt(text.length());
        switch (random.nextInt(8)) {
            case 0: // delete a range
                text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(40)));
                break;
            case 1: // duplicate a range (often a whole key line: a duplicate key)
                int end = Math.min(text.length(), at + 1 + random.nextInt(200));
                text.insert(end, text.substring(at, end));
                break;
            case 2: // insert characters that matter
                for (int n = 1 + random.nextInt(10); n > 0; n--) {
                    text.insert(at, SPICE.charAt(random.nextInt(SPICE.length())));
                }
                break;
            case 3: // a very long line
                char c = SPICE.charAt(random.nextInt(SPICE.length()));
                char[] run = new char[5_000 + random.nextInt(15_000)];
                Arrays.fill(run, c == '\n' || c == '\r' ? 'x' : c);
                text.insert(at, "\nLongKey=" + new String(run) + "\n");
                break;
            case 4: // parentheses soup as a value of ours
                text.insert(at, "\n" + KEYS[random.nextInt(KEYS.length)] + "=" + soup(random) + "\n");
                break;
            case 5: // one of our keys with a random value
                text.insert(at, "\n" + KEYS[random.nextInt(KEYS.length)] + "=" + value(random) + "\n");
                break;
            case 6: // swap two lines
                List<String> lines = new ArrayList<>(Arrays.asList(text.toString().split("\n", -1)));
                Collections.swap(lines, random.nextInt(lines.size()), random.nextInt(lines.size()));
                text.setLength(0);
                text.append(String.join("\n", lines));
                break;
            default: // replace one character
                if (text.length() > 0) {
                    text.setCharAt(at, (char) random.nextInt(0x3000));
                }
        }
    }

    private static String soup(Random random) {
        StringBuilder sb = new StringBuilder();
        String parts = "((()),,, 0123456789-";
        for (int n = random.nextInt(60); n > 0; n--) {
            sb.append(parts.charAt(random.nextInt(parts.length())));
        }
        return sb.toString();
    }

    private static String value(Random random) {
        switch (random.nextInt(12)) {
            case 0:
                return soup(random);
            case 1:
                return String.valueOf(random.nextLong());
            case 2:
                return String.valueOf(random.nextInt(100_000) - 2);
            case 3:
                return "(" + random.nextInt(5000) + "," + random.nextInt(1000) + ")(" + random.nextInt(9000) + ")";
            case 4:
                return "h" + random.nextInt(9) + "(" + (random.nextInt(70_000) - 1) + "),x(1)";
            case 5:
                return random.nextBoolean() ? "*:*" : "db:" + (random.nextBoolean() ? "*" : String.valueOf(random.nextInt(70_000)));
            case 6:
                return new String[]{"YES", "NO", "QMGR", "DISABLED", "ALL", "NONE", "warn", "fail", "true", "DEBUG", "RECONNECTED"}[random.nextInt(11)];
            case 7:
                return random.nextDouble() * 4 + "";
            case 8:
                return "file:" + (random.nextBoolean() ? "//" : "") + "/no/such/" + random.nextInt(10) + ".ini";
            case 9:
                return "";
            default:
                StringBuilder sb = new StringBuilder();
                for (int n = random.nextInt(20); n > 0; n--) {
                    sb.append(SPICE.charAt(random.nextInt(SPICE.length())));
                }
                return sb.toString();
        }
    }

    @Test
    void theParserAloneOnRandomText() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < ITERATIONS; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(200); n > 0; n--) {
                text.append(SPICE.charAt(random.nextInt(SPICE.length())));
            }
            try {
                IniFile f = IniFile.parse("f.ini", text.toString());
                for (IniEntry e : f.entries()) {
                    assertTrue(e.line() >= 1);
                    assertFalse(e.key().isEmpty());
                }
            } catch (ConfigException e) {
                check(e);
            } catch (Throwable t) {
                fail("iteration " + i + " threw " + t + " for: " + text, t);
            }
        }
    }
}
