package io.reattach.config;

import io.reattach.policy.ExponentialSchedule;
import io.reattach.policy.ReconDelaySchedule;
import io.reattach.policy.ReconnectEvent;
import io.reattach.policy.ReconnectPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

import static io.reattach.config.TestEnv.setting;
import static io.reattach.config.TestEnv.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sources, precedence, the file search order and the agent-argument syntax. */
class SettingsLoaderTest {

    @TempDir
    Path tmp;
    TestEnv t;

    @BeforeEach
    void setUp() {
        t = new TestEnv(tmp);
    }

    // ---- defaults ------------------------------------------------------------------------------------------

    @Test
    void defaults() {
        Settings d = Settings.defaults();
        assertEquals("YES", d.defRecon());
        assertTrue(d.reconnectEnabled());
        assertEquals(ReconDelaySchedule.IBM_MQ_DEFAULT, d.reconnectPolicy().schedule());
        assertEquals(ReconnectPolicy.UNLIMITED, d.reconnectPolicy().maxAttempts());
        assertEquals(1_800_000, d.reconnectPolicy().timeoutMillis());
        assertEquals(-1, d.initialConnectAttempts());
        assertEquals(Collections.emptyList(), d.connectionNameList());
        assertEquals(1_048_576, d.confirmationWindowSize());
        assertEquals(EnumSet.of(ReconnectEvent.RECONNECT_FAILED), d.exceptionListenerEvents());
        assertEquals(Collections.emptyList(), d.socketTargets());
        assertEquals(Collections.emptyList(), d.jdbcTargets());
        assertEquals("INFO", d.logLevel());
        assertFalse(d.duplicateDetection());
        assertTrue(d.sessionReattach());
        assertEquals("_AMQ_DUPL_ID", d.duplicateDetectionProperty());
        assertFalse(d.allowInsecureConfig());
        assertEquals("fail", d.onConfigError());
        assertNull(d.configFile());
        assertNull(d.configFileOrigin());
        assertEquals(Collections.emptyList(), d.warnings());
        List<String> keys = new ArrayList<>();
        for (Setting s : d.effective()) {
            keys.add(s.key());
            assertEquals("default", s.source(), s.toString());
        }
        assertEquals(Arrays.asList("DefRecon", "ReconDelay", "RetryInterval", "RetryIntervalMultiplier", "MaxRetryInterval",
                "ReconnectAttempts", "MQReconnectTimeout", "InitialConnectAttempts", "ConnectionNameList",
                "StallTimeout", "ConfirmationWindowSize", "SessionReattach", "ExceptionListenerEvents", "SocketTargets", "JdbcTargets", "LogLevel", "DuplicateDetection", "DuplicateDetectionProperty",
                "ConfigPollInterval", "onConfigError", "allowInsecureConfig"), keys);
        assertEquals("(1000,250)(2000,500)(4000,1000)(8000,2000)(16000,4000)(25000,6250)", setting(d, "ReconDelay").value());
        assertEquals("1.0", setting(d, "RetryIntervalMultiplier").value());
        assertEquals("", setting(d, "ConnectionNameList").value());
        assertEquals("RECONNECT_FAILED", setting(d, "ExceptionListenerEvents").value());
        assertEquals("NO", setting(d, "DuplicateDetection").value());
    }

    /** Defaults are parsed when first read, not when the key table loads: a bad one would only show then. */
    @Test
    void everyDefaultIsValid() throws Exception {
        for (Key<?> key : Key.ALL) {
            if (key != Key.CONFIG) {
                assertNotNull(key.defaultValue(), key.name);
                assertEquals(key.defaultValue(), key.parser.parse(key.print(key.defaultValue())), key.name);
            }
        }
    }

    @Test
    void anEmptyEnvironmentGivesTheDefaultsAndSaysWhereItLooked() throws Exception {
        Settings s = t.load(null);
        assertNull(s.configFile());
        for (Setting setting : s.effective()) {
            assertEquals(setting.value(), setting(Settings.defaults(), setting.key()).value());
            assertEquals("default", setting.source());
        }
        assertTrue(s.describe().contains(t.workDir.resolve("mqclient.ini").toString()), s.describe());
        assertTrue(s.describe().contains(t.home.resolve("mqclient.ini").toString()), s.describe());
        assertEquals(Collections.emptyList(), t.load("").warnings());
    }

    /** A plain -javaagent takes a short cut past the parsers; it must give exactly what the full load gives. */
    @Test
    void nothingGivenIsDecidedWithoutTheFullLoadAndGivesWhatItGives() throws Exception {
        Settings quick = SettingsLoader.nothingGiven(null, t.env());
        Settings full = SettingsLoader.loadGiven(null, t.env());
        assertNotNull(quick);
        assertFalse(quick.anyGiven());
        assertFalse(full.anyGiven());
        assertEquals(full.describe(), quick.describe());
        assertEquals(full.toString(), quick.toString());
        assertEquals(full.warnings(), quick.warnings());
        assertEquals(full.reconnectPolicy().toString(), quick.reconnectPolicy().toString());
        assertFalse(quick.wantsSocketSupport());
        assertFalse(quick.wantsJdbcSupport());
        assertNotNull(SettingsLoader.nothingGiven("  ", t.env()));
        assertNotNull(SettingsLoader.nothingGiven(null, t.property("other.LogLevel", "DEBUG").env()));
    }

    @Test
    void anythingGivenTakesTheFullLoad() throws Exception {
        assertNull(SettingsLoader.nothingGiven("LogLevel=DEBUG", t.env()));
        assertNull(SettingsLoader.nothingGiven(null, t.property("reattach.LogLevel", "DEBUG").env()));
        t = new TestEnv(tmp.resolve("b"));
        assertNull(SettingsLoader.nothingGiven(null, t.variable("MQCLNTCF", "/nowhere/mqclient.ini").env()));
        t = new TestEnv(tmp.resolve("c"));
        assertNotNull(SettingsLoader.nothingGiven(null, t.variable("MQCLNTCF", " ").env()));
        Files.createDirectories(t.home.resolve("mqclient.ini")); // not a file: the full load says there is none
        assertNull(SettingsLoader.nothingGiven(null, t.env()));
        assertNull(t.load(null).configFile());
        Files.delete(t.home.resolve("mqclient.ini"));
        Files.write(t.workDir.resolve("mqclient.ini"), "CHANNELS:\n  DefRecon=NO\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertNull(SettingsLoader.nothingGiven(null, t.env()));
        assertEquals("NO", t.load(null).defRecon());
    }

    @Test
    void theEffectiveListAndWarningsAreUnmodifiable() throws Exception {
        Settings s = t.load("LogLevel=DEBUG");
        assertThrows(UnsupportedOperationException.class, () -> s.effective().clear());
        assertThrows(UnsupportedOperationException.class, () -> s.warnings().clear());
        assertThrows(UnsupportedOperationException.class, () -> s.exceptionListenerEvents().clear());
        assertThrows(UnsupportedOperationException.class, () -> s.connectionNameList().clear());
        assertThrows(UnsupportedOperationException.class, () -> s.socketTargets().clear());
    }

    // ---- a real IBM MQ file ----------------------------------------------------------------------------------

    @Test
    void aRealIbmMqClientFileLoadsWithWarningsForTheKeysWeDoNotUse() throws Exception {
        Path file = write(t.workDir.resolve("mqclient.ini"), TestEnv.resource("full-mqclient.ini"));
        Settings s = t.load(null);
        assertEquals(file.toString(), s.configFile());
        assertEquals("working directory", s.configFileOrigin());
        assertTrue(s.reconnectEnabled());
        assertEquals("(1000,200)(2000,400)(4000,800)(8000,1600)(16000,3200)(25000,5000)", s.reconnectPolicy().schedule().describe());
        assertEquals(900_000, s.reconnectPolicy().timeoutMillis());
        assertEquals(Arrays.asList(new HostPort("mqhost1", 1414), new HostPort("mqhost2", 1414)), s.connectionNameList());
        assertEquals(EnumSet.of(ReconnectEvent.RECONNECTED, ReconnectEvent.RECONNECT_FAILED), s.exceptionListenerEvents());

        assertEquals(file + ":27", setting(s, "DefRecon").source());
        assertEquals(file + ":28", setting(s, "ReconDelay").source());
        assertEquals(file + ":29", setting(s, "MQReconnectTimeout").source());
        assertEquals(file + ":54", setting(s, "ConnectionNameList").source());
        assertEquals("mqhost1(1414),mqhost2(1414)", setting(s, "ConnectionNameList").value());
        assertEquals("RECONNECTED,RECONNECT_FAILED", setting(s, "ExceptionListenerEvents").value());
        assertEquals("default", setting(s, "LogLevel").source());

        assertTrue(s.warnings().contains(file + ":17: unknown key 'KeepAlive' in stanza TCP: ignored"), s.warnings().toString());
        assertTrue(s.warnings().contains(file + ":10: unknown key 'ExitsDefaultPath' in stanza ClientExitPath: ignored"), s.warnings().toString());
        assertTrue(s.warnings().contains(file + ":22: unknown key 'MaximumSize' in stanza MessageBuffer: ignored"), s.warnings().toString());
        // Every Key=Value line of the file but our 5 is a warning, and foreign keys may repeat (Put1DefaultAlwaysSync).
        assertEquals(26, s.warnings().size(), s.warnings().toString());
        for (String w : s.warnings()) {
            assertTrue(w.matches("\\Q" + file + "\\E:\\d+: unknown key '\\w+' in stanza \\w+: ignored"), w);
        }
    }

    @Test
    void unknownKeysOutsideAnyStanzaAndNearMisses() throws Exception {
        Path file = write(t.workDir.resolve("mqclient.ini"), "Colour=blue\nCHANNELS:\nReconDelays=(1)\n");
        Settings s = t.load(null);
        assertEquals(Arrays.asList(
                file + ":1: unknown key 'Colour' outside any stanza: ignored",
                file + ":3: unknown key 'ReconDelays' in stanza CHANNELS: ignored; did you mean ReconDelay?"), s.warnings());
    }

    // ---- precedence -----------------------------------------------------------------------------------------

    @Test
    void agentArgumentsBeatSystemPropertiesBeatTheFileBeatsDefaults() throws Exception {
        Path file = write(t.workDir.resolve("mqclient.ini"), "CHANNELS:\n"
                + "  LogLevel=ERROR\n"
                + "  DefRecon=QMGR\n"
                + "  MQReconnectTimeout=60\n"
                + "  ReconnectAttempts=5\n");
        t.property("reattach.LogLevel", "WARN").property("reattach.DefRecon", "NO").property("reattach.MQReconnectTimeout", "120");
        Settings s = t.load("LogLevel=DEBUG,DefRecon=DISABLED");

        assertEquals("DEBUG", s.logLevel());
        assertEquals("agent argument", setting(s, "LogLevel").source());
        assertEquals("DISABLED", s.defRecon());
        assertFalse(s.reconnectEnabled());
        assertEquals("agent argument", setting(s, "DefRecon").source());
        assertEquals(120_000, s.reconnectPolicy().timeoutMillis());
        assertEquals("system property reattach.MQReconnectTimeout", setting(s, "MQReconnectTimeout").source());
        assertEquals("120", setting(s, "MQReconnectTimeout").value());
        assertEquals(5, s.reconnectPolicy().maxAttempts());
        assertEquals(file + ":5", setting(s, "ReconnectAttempts").source());
        assertEquals(1_048_576, s.confirmationWindowSize());
        assertEquals("default", setting(s, "ConfirmationWindowSize").source());
        assertEquals(Collections.emptyList(), s.warnings());
    }

    @Test
    void keysAreCaseInsensitiveEverywhereAndReportedInTheirCanonicalSpelling() throws Exception {
        Path file = write(t.workDir.resolve("mqclient.ini"), "channels:\n  defrecon=qmgr\n  RECONDELAY=( 10 , 5 ) (20)\n");
        t.property("reattach.logLEVEL", "debug");
        Settings s = t.load("exceptionlistenerevents=all");
        assertEquals("QMGR", s.defRecon());
        assertTrue(s.reconnectEnabled());
        assertEquals("(10,5)(20,0)", setting(s, "ReconDelay").value());
        assertEquals(file + ":3", setting(s, "ReconDelay").source());
        assertEquals("DEBUG", s.logLevel());
        assertEquals("system property reattach.logLEVEL", setting(s, "LogLevel").source());
        assertEquals(EnumSet.allOf(ReconnectEvent.class), s.exceptionListenerEvents());
        assertEquals("ALL", setting(s, "ExceptionListenerEvents").value());
    }

    @Test
    void otherSystemPropertiesAreNotOurs() throws Exception {
        t.property("java.version", "17").property("reattachment", "x").property("com.ibm.mq.cfg.CHANNELS.DefRecon", "NO");
        Settings s = t.load(null);
        assertEquals(Collections.emptyList(), s.warnings());
        assertTrue(s.reconnectEnabled());
    }

    @Test
    void unknownKeysFromAgentArgumentsAndSystemPropertiesAreWarnings() throws Exception {
        t.property("reattach.Foo", "1").property("reattach.RetryIntervall", "5");
        Settings s = t.load("bar=2,LogLevel=WARN");
        assertEquals(Arrays.asList(
                "agent argument: unknown key 'bar': ignored",
                "system property reattach.Foo: unknown key 'Foo': ignored",
                "system property reattach.RetryIntervall: unknown key 'RetryIntervall': ignored; did you mean RetryInterval?"), s.warnings());
        assertEquals("WARN", s.logLevel());
    }

    // ---- the file search order -----------------------------------------------------------------------------

    /** Five files, each saying where it is through LogLevel... and a marker in ConfirmationWindowSize. */
    private void fiveFiles() {
        write(tmp.resolve("arg.ini"), "ConfirmationWindowSize=1\n");
        write(tmp.resolve("prop.ini"), "ConfirmationWindowSize=2\n");
        write(tmp.resolve("env.ini"), "ConfirmationWindowSize=3\n");
        write(t.workDir.resolve("mqclient.ini"), "ConfirmationWindowSize=4\n");
        write(t.home.resolve("mqclient.ini"), "ConfirmationWindowSize=5\n");
    }

    @Test
    void theFileSearchOrder() throws Exception {
        fiveFiles();
        t.property("reattach.config", tmp.resolve("prop.ini").toString()).variable("MQCLNTCF", tmp.resolve("env.ini").toString());
        Settings s = t.load("config=" + tmp.resolve("arg.ini"));
        assertEquals(1, s.confirmationWindowSize());
        assertEquals(tmp.resolve("arg.ini").toString(), s.configFile());
        assertEquals("agent argument config", s.configFileOrigin());
        assertEquals(tmp.resolve("arg.ini") + ":1", setting(s, "ConfirmationWindowSize").source());

        s = t.load(null);
        assertEquals(2, s.confirmationWindowSize());
        assertEquals("system property reattach.config", s.configFileOrigin());

        t = new TestEnv(tmp).variable("MQCLNTCF", tmp.resolve("env.ini").toString());
        s = t.load(null);
        assertEquals(3, s.confirmationWindowSize());
        assertEquals("environment variable MQCLNTCF", s.configFileOrigin());

        s = new TestEnv(tmp).load(null);
        assertEquals(4, s.confirmationWindowSize());
        assertEquals("working directory", s.configFileOrigin());

        Files.delete(t.workDir.resolve("mqclient.ini"));
        s = new TestEnv(tmp).load(null);
        assertEquals(5, s.confirmationWindowSize());
        assertEquals("user home", s.configFileOrigin());
        assertEquals(t.home.resolve("mqclient.ini").toString(), s.configFile());
        assertTrue(s.describe().startsWith("Settings file: " + t.home.resolve("mqclient.ini") + " (user home)\n"), s.describe());
    }

    @Test
    void onlyOneFileIsRead() throws Exception {
        write(t.workDir.resolve("mqclient.ini"), "LogLevel=DEBUG\n");
        write(t.home.resolve("mqclient.ini"), "ReconnectAttempts=7\n");
        Settings s = t.load(null);
        assertEquals("DEBUG", s.logLevel());
        assertEquals(ReconnectPolicy.UNLIMITED, s.reconnectPolicy().maxAttempts());
    }

    @Test
    void mqclntcfAsAPathAndAsFileUrls() throws Exception {
        Path file = write(tmp.resolve("dir with space/my.ini"), "LogLevel=WARN\n");
        for (String value : new String[]{
                file.toString(),
                "file:" + file.toUri().getRawPath(),             // file:/x/y.ini
                "file://" + file.toUri().getRawPath(),           // file:///x/y.ini
                "file://localhost" + file.toUri().getRawPath(),
                file.toUri().toString(),
                "  " + file + "  "}) {
            Settings s = new TestEnv(tmp).variable("MQCLNTCF", value).load(null);
            assertEquals("WARN", s.logLevel(), value);
            assertEquals(file.toString(), s.configFile(), value);
            assertEquals("environment variable MQCLNTCF", s.configFileOrigin());
        }
    }

    @Test
    void relativePathsAreRelativeToTheWorkingDirectory() throws Exception {
        Path file = write(t.workDir.resolve("conf/client.ini"), "LogLevel=ERROR\n");
        assertEquals(file.toString(), new TestEnv(tmp).variable("MQCLNTCF", "conf/client.ini").load(null).configFile());
        assertEquals(file.toString(), new TestEnv(tmp).property("reattach.config", "./conf/../conf/client.ini").load(null).configFile());
        assertEquals(file.toString(), new TestEnv(tmp).load("config=conf/client.ini").configFile());
    }

    @Test
    void anEmptyMqclntcfIsUnset() throws Exception {
        write(t.workDir.resolve("mqclient.ini"), "LogLevel=ERROR\n");
        assertEquals("working directory", t.variable("MQCLNTCF", "  ").load(null).configFileOrigin());
    }

    @Test
    void aFileNamedExplicitlyMustExistAndSayingWhereItWasNamed() {
        Path missing = tmp.resolve("missing.ini");
        write(t.workDir.resolve("mqclient.ini"), "LogLevel=ERROR\n"); // not used instead

        ConfigException e = new TestEnv(tmp).loadFails("config=" + missing);
        assertEquals("agent argument: config=" + missing + ": the file does not exist", e.getMessage());

        e = new TestEnv(tmp).property("reattach.config", missing.toString()).loadFails(null);
        assertEquals("system property reattach.config: config=" + missing + ": the file does not exist", e.getMessage());

        e = new TestEnv(tmp).variable("MQCLNTCF", missing.toString()).loadFails(null);
        assertEquals("environment variable MQCLNTCF: MQCLNTCF=" + missing + ": the file does not exist", e.getMessage());

        e = new TestEnv(tmp).variable("MQCLNTCF", "file://" + missing).loadFails(null);
        assertEquals("environment variable MQCLNTCF: MQCLNTCF=file://" + missing + ": the file does not exist (" + missing + ")", e.getMessage());

        e = new TestEnv(tmp).property("reattach.config", "nope.ini").loadFails(null);
        assertTrue(e.getMessage().endsWith("the file does not exist (" + t.workDir.resolve("nope.ini") + ")"), e.getMessage());
    }

    @Test
    void aDirectoryOrABadUrlIsNotAFile() {
        ConfigException e = new TestEnv(tmp).loadFails("config=" + tmp);
        assertEquals("agent argument: config=" + tmp + ": this is a directory, not a file", e.getMessage());

        e = new TestEnv(tmp).variable("MQCLNTCF", "file://otherhost/etc/mqclient.ini").loadFails(null);
        assertEquals("environment variable MQCLNTCF: MQCLNTCF=file://otherhost/etc/mqclient.ini: the URL names host 'otherhost'; "
                + "only local files are read; accepted: a path or a file: URL naming an mqclient.ini file", e.getMessage());

        e = new TestEnv(tmp).variable("MQCLNTCF", "file:relative.ini").loadFails(null);
        assertTrue(e.getMessage().contains("not a file URL with an absolute path"), e.getMessage());

        e = new TestEnv(tmp).variable("MQCLNTCF", "file:/a b/c.ini").loadFails(null);
        assertTrue(e.getMessage().startsWith("environment variable MQCLNTCF: MQCLNTCF=file:/a b/c.ini: not a valid file URL"), e.getMessage());
    }

    @Test
    void anEmptyConfigArgumentIsAnError() {
        ConfigException e = t.loadFails("config=");
        assertEquals("agent argument: config=: the value is empty; accepted: a path to an mqclient.ini file", e.getMessage());
    }

    @Test
    void anUnreadableImplicitFileIsAWarning() throws Exception {
        Path file = write(t.workDir.resolve("mqclient.ini"), "LogLevel=ERROR\n");
        if (!file.toFile().setReadable(false) || Files.isReadable(file)) {
            return; // running as root: permissions do not apply
        }
        try {
            Settings s = t.load(null);
            assertNull(s.configFile());
            assertEquals(Collections.singletonList(file + ": cannot be read (permission denied): ignored"), s.warnings());
            ConfigException e = new TestEnv(tmp).loadFails("config=" + file);
            assertEquals("agent argument: config=" + file + ": the file cannot be read (permission denied)", e.getMessage());
        } finally {
            file.toFile().setReadable(true);
        }
    }

    @Test
    void aHugeFileIsRefused() {
        StringBuilder sb = new StringBuilder();
        while (sb.length() <= SettingsLoader.MAX_FILE_BYTES) {
            sb.append("# a comment line that goes on\n");
        }
        Path big = write(tmp.resolve("big.ini"), sb.toString());
        ConfigException e = t.loadFails("config=" + big);
        assertEquals("agent argument: config=" + big + ": the file cannot be read (larger than 1 MiB; is it the right file?)", e.getMessage());
    }

    @Test
    void metaKeysAreNotReadFromTheFile() throws Exception {
        Path file = write(t.workDir.resolve("mqclient.ini"), "onConfigError=warn\nallowInsecureConfig=true\nconfig=/elsewhere.ini\n");
        Settings s = t.load(null);
        assertEquals("fail", s.onConfigError());
        assertFalse(s.allowInsecureConfig());
        assertEquals(file.toString(), s.configFile());
        assertEquals(Arrays.asList(
                file + ":1: onConfigError is not read from a file, only from agent arguments and system properties (-Dreattach.onConfigError): ignored",
                file + ":2: allowInsecureConfig is not read from a file, only from agent arguments and system properties (-Dreattach.allowInsecureConfig): ignored",
                file + ":3: config is not read from a file, only from agent arguments and system properties (-Dreattach.config): ignored"),
                s.warnings());
    }

    @Test
    void metaKeysFromArgumentsAndProperties() throws Exception {
        Settings s = t.property("reattach.allowInsecureConfig", "TRUE").load("onConfigError=WARN");
        assertTrue(s.allowInsecureConfig());
        assertEquals("warn", s.onConfigError());
        assertEquals("agent argument", setting(s, "onConfigError").source());
        assertEquals("system property reattach.allowInsecureConfig", setting(s, "allowInsecureConfig").source());
    }

    // ---- onConfigError when everything else is broken -------------------------------------------------------

    @Test
    void onConfigErrorWorksWhenTheRestIsInvalid() {
        assertEquals("fail", SettingsLoader.onConfigError(null, t.env()));
        assertEquals("warn", SettingsLoader.onConfigError("ReconDelay=(((,onConfigError=warn", t.env()), "found even where a broken value before it swallows it");
        assertEquals("warn", SettingsLoader.onConfigError("junk,ReconDelay=(x),onConfigError= Warn ,=,", t.env()));
        assertEquals("fail", SettingsLoader.onConfigError("onConfigError=maybe", t.env()));
        assertEquals("fail", SettingsLoader.onConfigError("onConfigError=fail", t.property("reattach.onConfigError", "warn").env()));
        assertEquals("warn", SettingsLoader.onConfigError("LogLevel=LOUD", t.env()));
        assertEquals("warn", SettingsLoader.onConfigError("", new TestEnv(tmp).property("reattach.onconfigerror", "WARN").env()));
        assertEquals("fail", SettingsLoader.onConfigError("", new TestEnv(tmp).property("reattach.onConfigError", "yes").env()));
        Environment broken = new Environment() {
            @Override
            public java.util.Map<String, String> systemProperties() {
                throw new SecurityException("no");
            }

            @Override
            public String getenv(String name) {
                return null;
            }

            @Override
            public Path workingDirectory() {
                return tmp;
            }

            @Override
            public Path userHome() {
                return null;
            }
        };
        assertEquals("fail", SettingsLoader.onConfigError(null, broken));
        assertEquals("warn", SettingsLoader.onConfigError("onConfigError=warn", broken));
    }

    @Test
    void anInvalidOnConfigErrorIsAProblemOfTheLoad() {
        ConfigException e = t.loadFails("onConfigError=ignore");
        assertEquals("agent argument: onConfigError=ignore: 'ignore' is not one of the accepted words; accepted: fail or warn", e.getMessage());
    }

    // ---- agent-argument syntax ------------------------------------------------------------------------------

    @Test
    void commasInsideValues() throws Exception {
        Settings s = t.load("ConnectionNameList=a(1),b(2),ReconDelay=(100,50)(200)");
        assertEquals(Arrays.asList(new HostPort("a", 1), new HostPort("b", 2)), s.connectionNameList());
        assertEquals("(100,50)(200,0)", s.reconnectPolicy().schedule().describe());
        assertEquals(Collections.emptyList(), s.warnings());

        s = t.load("ExceptionListenerEvents=RECONNECTING,RECONNECTED,LogLevel=DEBUG,SocketTargets=db:5432,*:61616");
        assertEquals(EnumSet.of(ReconnectEvent.RECONNECTING, ReconnectEvent.RECONNECTED), s.exceptionListenerEvents());
        assertEquals("DEBUG", s.logLevel());
        assertEquals(Arrays.asList("db:5432", "*:61616"), s.socketTargets());
    }

    @Test
    void whitespaceEmptyPiecesAndTrailingCommas() throws Exception {
        Settings s = t.load(" LogLevel = WARN ,, ReconnectAttempts= 3 ,");
        assertEquals("WARN", s.logLevel());
        assertEquals(3, s.reconnectPolicy().maxAttempts());
    }

    @Test
    void piecesThatAreNotKeyValue() {
        ConfigException e = t.loadFails("verbose,LogLevel=DEBUG");
        assertEquals("agent argument: 'verbose' is not key=value; accepted: key=value,key=value...", e.getMessage());
        e = t.loadFails("=DEBUG");
        assertEquals("agent argument: '=DEBUG' has no key before '='; accepted: key=value,key=value...", e.getMessage());
    }

    @Test
    void aKeyGivenTwiceInOneSourceIsAnError() {
        ConfigException e = t.loadFails("LogLevel=DEBUG,loglevel=INFO");
        assertEquals("agent argument: loglevel=INFO: LogLevel is given twice in the agent arguments (also LogLevel=DEBUG); keep one", e.getMessage());

        e = new TestEnv(tmp).property("reattach.LogLevel", "DEBUG").property("reattach.logLevel", "INFO").loadFails(null);
        assertEquals("system property reattach.logLevel: logLevel=INFO: LogLevel is also set by system property reattach.LogLevel "
                + "(keys are case-insensitive); keep one", e.getMessage());
    }

    // ---- duplicates in the file -----------------------------------------------------------------------------

    @Test
    void aReattachKeyTwiceInTheFileIsAnErrorNamingBothLines() {
        Path file = write(t.workDir.resolve("mqclient.ini"), "CHANNELS:\n  ReconDelay=(1000)\nTCP:\n  KeepAlive=Yes\n  KeepAlive=No\nReattach:\n  recondelay=(2000)\n");
        ConfigException e = t.loadFails(null);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(file + ":7: recondelay=(2000): ReconDelay is set twice in this file, at lines 2 and 7; keep one of them", e.getMessage());
        assertEquals(file + ":7", e.problems().get(0).source());
        assertEquals("recondelay", e.problems().get(0).key());
    }

    // ---- schedule selection ---------------------------------------------------------------------------------

    @Test
    void anArtemisKeyAloneSelectsTheExponentialScheduleWithArtemisDefaultsForTheOthers() throws Exception {
        Settings s = t.property("reattach.RetryIntervalMultiplier", "2").load(null);
        assertEquals(new ExponentialSchedule(2000, 2.0, 2000), s.reconnectPolicy().schedule());

        write(t.workDir.resolve("mqclient.ini"), "MaxRetryInterval=60000\nRetryInterval=500\n");
        s = new TestEnv(tmp).load("RetryIntervalMultiplier=1.5");
        assertEquals(new ExponentialSchedule(500, 1.5, 60000), s.reconnectPolicy().schedule());
        assertEquals(Collections.emptyList(), s.warnings());
    }

    @Test
    void reconDelayWinsOverTheArtemisKeysWithAWarning() throws Exception {
        Path file = write(t.workDir.resolve("mqclient.ini"), "CHANNELS:\nReconDelay=(10)(20)\n");
        Settings s = t.property("reattach.RetryInterval", "100").load("MaxRetryInterval=900");
        assertEquals("(10,0)(20,0)", s.reconnectPolicy().schedule().describe());
        assertEquals(Collections.singletonList(file + ":2: ReconDelay is set, so it is used and RetryInterval "
                + "(system property reattach.RetryInterval) and MaxRetryInterval (agent argument) are ignored; remove one kind"), s.warnings());
    }

    @Test
    void aRetryIntervalAboveTheMaximumIsAWarning() throws Exception {
        Settings s = t.load("RetryInterval=5000");
        assertEquals(new ExponentialSchedule(5000, 1.0, 2000), s.reconnectPolicy().schedule());
        assertEquals(Collections.singletonList("RetryInterval=5000 is more than MaxRetryInterval=2000 (default): the first delay is 5000 ms, every later one 2000 ms"), s.warnings());
    }

    @Test
    void thePolicyCarriesAttemptsAndTimeout() throws Exception {
        Settings s = t.load("ReconnectAttempts=0,MQReconnectTimeout=0");
        assertEquals(0, s.reconnectPolicy().maxAttempts());
        assertEquals(0, s.reconnectPolicy().timeoutMillis());
        s = t.load("MQReconnectTimeout=9223372036854775807");
        assertEquals(Long.MAX_VALUE, s.reconnectPolicy().timeoutMillis(), "saturates instead of overflowing");
    }

    // ---- describe -------------------------------------------------------------------------------------------

    @Test
    void describeShowsTheFileEverySettingAndThePolicy() throws Exception {
        Path file = write(t.workDir.resolve("mqclient.ini"), "CHANNELS:\n  DefRecon=NO\n");
        String d = t.load("LogLevel=WARN").describe();
        assertTrue(d.startsWith("Settings file: " + file + " (working directory)\n"), d);
        assertTrue(d.matches("(?s).*\n  DefRecon +NO +\\Q" + file + ":2\\E\n.*"), d);
        assertTrue(d.matches("(?s).*\n  LogLevel +WARN +agent argument\n.*"), d);
        assertTrue(d.matches("(?s).*\n  ConnectionNameList +\\(none\\) +default\n.*"), d);
        assertTrue(d.endsWith("Reconnect: off (DefRecon=NO)"), d);
        assertTrue(Settings.defaults().describe().endsWith("Reconnect: " + ReconnectPolicy.builder().build()), Settings.defaults().describe());
    }
}
