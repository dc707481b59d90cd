package io.reattach.cli;

import io.reattach.config.Environment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckConfigCommandTest {

    @TempDir
    Path tmp;
    Path work;
    Path home;
    final Map<String, String> properties = new HashMap<>();
    final Map<String, String> variables = new HashMap<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createDirectories(tmp.resolve("work"));
        home = Files.createDirectories(tmp.resolve("home"));
    }

    private int run(String... args) {
        return CheckConfigCommand.run(args, print(out), print(err), Environment.of(properties, variables, work, home));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true);
    }

    private String out() {
        return new String(out.toByteArray(), StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private String err() {
        return new String(err.toByteArray(), StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private static Path write(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    @Test
    void aValidFilePrintsTheFileEverySettingWithItsSourceAndTheWarnings() throws IOException {
        Path file = write(tmp.resolve("app.ini"), "CHANNELS:\n  DefRecon=QMGR\n  ReconDelay=(500,100)(1000)\nTCP:\n  KeepAlive=Yes\n");
        properties.put("reattach.LogLevel", "DEBUG");

        assertEquals(0, run(file.toString()));

        String o = out();
        assertEquals("", err());
        assertTrue(o.startsWith("Settings file: " + file + " (check-config argument)\n"), o);
        assertTrue(o.matches("(?s).*\n  Key +Value +Source\n.*"), o);
        assertTrue(o.matches("(?s).*\n  DefRecon +QMGR +\\Q" + file + ":2\\E\n.*"), o);
        assertTrue(o.matches("(?s).*\n  ReconDelay +\\(500,100\\)\\(1000,0\\) +\\Q" + file + ":3\\E\n.*"), o);
        assertTrue(o.matches("(?s).*\n  LogLevel +DEBUG +system property reattach.LogLevel\n.*"), o);
        assertTrue(o.matches("(?s).*\n  MQReconnectTimeout +1800 +default\n.*"), o);
        assertTrue(o.contains("\nReconnect: ReconDelay=(500,100)(1000,0), ReconnectAttempts=-1, MQReconnectTimeout=1800s\n"), o);
        assertTrue(o.contains("\nWarnings:\n  " + file + ":5: unknown key 'KeepAlive' in stanza TCP: ignored\n"), o);
        assertTrue(o.endsWith("\nThe settings are valid.\n"), o);
    }

    @Test
    void anInvalidFilePrintsEveryProblemAndExitsWithTwo() throws IOException {
        Path file = write(tmp.resolve("bad.ini"), "CHANNELS:\n  DefRecon=MAYBE\n  ReconDelay=(1000,abc)\nnonsense\nRetryIntervall=5\n");

        assertEquals(2, run(file.toString()));

        assertEquals("", out());
        assertEquals("check-config: the settings are invalid (3 problems):\n"
                + file + ":2: DefRecon=MAYBE: 'MAYBE' is not one of the accepted words; accepted: YES, NO, QMGR or DISABLED\n"
                + file + ":3: ReconDelay=(1000,abc): 'abc' is not a whole number of milliseconds; accepted: (ms[,randomMs])... e.g. (1000,250)(2000,500)\n"
                + file + ":4: 'nonsense' is not a stanza (NAME: or [NAME]), a Key=Value line, a comment (# or ;) or a blank line\n"
                + "\n"
                + "Warnings:\n"
                + "  " + file + ":5: unknown key 'RetryIntervall' in stanza CHANNELS: ignored; did you mean RetryInterval?\n", err());
    }

    @Test
    void aMissingPathIsOneClearLine() {
        assertEquals(2, run("no/such.ini"));
        assertEquals("", out());
        assertEquals("check-config: " + work.resolve("no/such.ini") + ": no such file\n", err());
    }

    @Test
    void aRelativePathIsRelativeToTheWorkingDirectory() throws IOException {
        Path file = write(work.resolve("rel.ini"), "LogLevel=WARN\n");
        assertEquals(0, run("rel.ini"));
        assertTrue(out().startsWith("Settings file: " + file + " (check-config argument)\n"), out());
    }

    @Test
    void thePathBeatsTheJvmsOwnReattachConfig() throws IOException {
        Path file = write(tmp.resolve("mine.ini"), "LogLevel=ERROR\n");
        properties.put("reattach.config", tmp.resolve("other.ini").toString());
        assertEquals(0, run(file.toString()));
        assertTrue(out().matches("(?s).*\n  LogLevel +ERROR +\\Q" + file + ":1\\E\n.*"), out());
    }

    @Test
    void withoutPathTheSearchOrderOfThisJvmIsUsed() throws IOException {
        Path env = write(tmp.resolve("env.ini"), "LogLevel=WARN\n");
        write(work.resolve("mqclient.ini"), "LogLevel=ERROR\n");
        variables.put("MQCLNTCF", "file://" + env);
        assertEquals(0, run());
        assertTrue(out().startsWith("Settings file: " + env + " (environment variable MQCLNTCF)\n"), out());

        variables.clear();
        out.reset();
        assertEquals(0, run());
        assertTrue(out().startsWith("Settings file: " + work.resolve("mqclient.ini") + " (working directory)\n"), out());
    }

    @Test
    void withoutAnyFileTheDefaultsAndWhereItLooked() {
        assertEquals(0, run());
        assertTrue(out().startsWith("Settings file: none (none named by config=, -Dreattach.config or MQCLNTCF; none at "
                + work.resolve("mqclient.ini") + "," + home.resolve("mqclient.ini") + ")\n"), out());
        assertTrue(out().matches("(?s).*\n  DefRecon +YES +default\n.*"), out());
        assertTrue(!out().contains("Warnings:"), out());
    }

    @Test
    void anExplicitMqclntcfThatIsMissingIsAProblem() {
        variables.put("MQCLNTCF", "/nowhere/mqclient.ini");
        assertEquals(2, run());
        assertEquals("check-config: the settings are invalid (1 problem):\n"
                + "environment variable MQCLNTCF: MQCLNTCF=/nowhere/mqclient.ini: the file does not exist\n", err());
    }

    @Test
    void usage() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("Usage: java -jar reattach-agent.jar check-config [PATH]"), out());
        assertEquals(2, run("a.ini", "b.ini"));
        assertTrue(err().startsWith("check-config: expected at most one PATH, got 2 arguments\n"), err());
    }

    @Test
    void dispatchedFromTheCli() throws IOException {
        Path file = write(tmp.resolve("cli.ini"), "DefRecon=NO\n");
        assertEquals(0, Cli.run(new String[]{"check-config", file.toString()}, print(out), print(err)));
        assertTrue(out().contains("Reconnect: off (DefRecon=NO)"), out());
        assertEquals(2, Cli.run(new String[]{"check-config", tmp.resolve("missing.ini").toString()}, print(out), print(err)));
        assertEquals("check-config: " + tmp.resolve("missing.ini") + ": no such file\n", err());
    }
}
