package io.reattach.config;

import io.reattach.policy.DelayStep;
import io.reattach.policy.ExponentialSchedule;
import io.reattach.policy.ReconDelaySchedule;
import io.reattach.policy.ReconnectEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.reattach.config.TestEnv.setting;
import static io.reattach.config.TestEnv.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every key's accepted and rejected values, boundaries included, and the messages an operator reads. */
class SettingsValidationTest {

    @TempDir
    Path tmp;
    TestEnv t;

    @BeforeEach
    void setUp() {
        t = new TestEnv(tmp);
    }

    /** Through a system property, so that commas in values need no agent-argument thinking. */
    private Settings valid(String key, String value) throws ConfigException {
        return new TestEnv(tmp).property("reattach." + key, value).load(null);
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                arguments("DefRecon", "MAYBE", "'MAYBE' is not one of the accepted words"),
                arguments("DefRecon", "", "the value is empty"),
                arguments("DefRecon", "YES NO", "'YES NO' is not one of the accepted words"),

                arguments("ReconDelay", "(1000,abc)", "'abc' is not a whole number of milliseconds"),
                arguments("ReconDelay", "", "the value is empty"),
                arguments("ReconDelay", "1000", "expected '(' at '1000'"),
                arguments("ReconDelay", "1000,250", "expected '(' at '1000,250'"),
                arguments("ReconDelay", "(1000", "'(1000' has no closing ')'"),
                arguments("ReconDelay", "(1000)(2000,500", "'(2000,500' has no closing ')'"),
                arguments("ReconDelay", "(1000,250(2000)", "'(1000,250(2000)' has a '(' inside a pair: is a ')' missing?"),
                arguments("ReconDelay", "(1,2,3)", "'(1,2,3)' has more than two numbers"),
                arguments("ReconDelay", "(,5)", "'(,5)' is missing a number"),
                arguments("ReconDelay", "(5,)", "'(5,)' is missing a number"),
                arguments("ReconDelay", "()", "'()' is missing a number"),
                arguments("ReconDelay", "(-1)", "'-1' in '(-1)' is negative"),
                arguments("ReconDelay", "(10,-1)", "'-1' in '(10,-1)' is negative"),
                arguments("ReconDelay", "(1.5)", "'1.5' is not a whole number of milliseconds"),
                arguments("ReconDelay", "(1)x", "expected '(' at 'x'"),
                arguments("ReconDelay", "(1)(2))", "expected '(' at ')'"),
                arguments("ReconDelay", "(9223372036854775808)", "'9223372036854775808' is too large"),

                arguments("RetryInterval", "abc", "'abc' is not a whole number of milliseconds"),
                arguments("RetryInterval", "-1", "'-1' is negative"),
                arguments("RetryInterval", "1.5", "'1.5' is not a whole number of milliseconds"),
                arguments("RetryInterval", "2s", "'2s' is not a whole number of milliseconds"),
                arguments("RetryInterval", "", "the value is empty"),
                arguments("RetryInterval", "99999999999999999999", "'99999999999999999999' is too large"),
                arguments("MaxRetryInterval", "-5", "'-5' is negative"),
                arguments("MaxRetryInterval", "x", "'x' is not a whole number of milliseconds"),

                arguments("RetryIntervalMultiplier", "0.5", "'0.5' is less than 1.0, which would make the delays shrink"),
                arguments("RetryIntervalMultiplier", "0.9999", "'0.9999' is less than 1.0, which would make the delays shrink"),
                arguments("RetryIntervalMultiplier", "-2", "'-2' is less than 1.0, which would make the delays shrink"),
                arguments("RetryIntervalMultiplier", "abc", "'abc' is not a decimal number"),
                arguments("RetryIntervalMultiplier", "NaN", "'NaN' is not a decimal number"),
                arguments("RetryIntervalMultiplier", "Infinity", "'Infinity' is not a decimal number"),
                arguments("RetryIntervalMultiplier", "1e3", "'1e3' is not a decimal number"),
                arguments("RetryIntervalMultiplier", "1,5", "'1,5' is not a decimal number"),
                arguments("RetryIntervalMultiplier", "", "the value is empty"),
                arguments("RetryIntervalMultiplier", "1" + "0".repeat(400), "'1" + "0".repeat(119) + "...' is too large"),

                arguments("ReconnectAttempts", "-2", "'-2' is out of range"),
                arguments("ReconnectAttempts", "x", "'x' is not a whole number of attempts"),
                arguments("ReconnectAttempts", "2147483648", "'2147483648' is too large (at most 2147483647)"),
                arguments("MQReconnectTimeout", "-1", "'-1' is negative"),
                arguments("MQReconnectTimeout", "30m", "'30m' is not a whole number of seconds"),
                arguments("InitialConnectAttempts", "0", "'0' is out of range"),
                arguments("InitialConnectAttempts", "-2", "'-2' is out of range"),
                arguments("InitialConnectAttempts", "2147483648", "'2147483648' is too large (at most 2147483647)"),

                arguments("ConnectionNameList", "broker1", "'broker1' has no port: write host(port), e.g. broker1(61616)"),
                arguments("ConnectionNameList", "a(1),b", "'b' has no port: write host(port), e.g. b(61616)"),
                arguments("ConnectionNameList", "host(0)", "port 0 in 'host(0)' is not between 1 and 65535"),
                arguments("ConnectionNameList", "host(65536)", "port 65536 in 'host(65536)' is not between 1 and 65535"),
                arguments("ConnectionNameList", "host(99999999999)", "'99999999999' in 'host(99999999999)' is not a port number"),
                arguments("ConnectionNameList", "host(abc)", "'abc' in 'host(abc)' is not a port number"),
                arguments("ConnectionNameList", "host()", "'' in 'host()' is not a port number"),
                arguments("ConnectionNameList", "host:61616", "'host:61616' has no port: write host(port), e.g. host:61616(61616)"),
                arguments("ConnectionNameList", "(1414)", "'(1414)' has no host"),
                arguments("ConnectionNameList", "a b(1)", "'a b' is not a host name or IP address"),
                arguments("ConnectionNameList", "a(1),,b(2)", "an entry between commas is empty"),
                arguments("ConnectionNameList", "a(1),", "an entry between commas is empty"),
                arguments("ConnectionNameList", "a(1", "'a(1' does not end with ')'"),

                arguments("StallTimeout", "999", "'999' is less than 1000"),
                arguments("StallTimeout", "-1", "'-1' is negative"),
                arguments("StallTimeout", "10s", "'10s' is not a whole number of milliseconds"),

                arguments("ConfirmationWindowSize", "-2", "'-2' is out of range"),
                arguments("ConfirmationWindowSize", "1MB", "'1MB' is not a whole number of bytes"),
                arguments("ConfirmationWindowSize", "9223372036854775808", "'9223372036854775808' is too large"),

                arguments("SessionReattach", "off", "'off' is not one of the accepted words"),

                arguments("ExceptionListenerEvents", "RECONECTED", "'RECONECTED' is not an event name"),
                arguments("ExceptionListenerEvents", "ALL,RECONNECTED", "ALL cannot be combined with other events"),
                arguments("ExceptionListenerEvents", "RECONNECTED,none", "NONE cannot be combined with other events"),
                arguments("ExceptionListenerEvents", "", "the value is empty; write NONE for no events"),
                arguments("ExceptionListenerEvents", "RECONNECTED,,RECONNECTING", "an entry between commas is empty"),

                arguments("SocketTargets", "db", "'db' has no port: write host:port, * for any port, e.g. db:*"),
                arguments("SocketTargets", "db:0", "port 0 in 'db:0' is not between 1 and 65535"),
                arguments("SocketTargets", "db:65536", "port 65536 in 'db:65536' is not between 1 and 65535"),
                arguments("SocketTargets", "db:x", "'x' in 'db:x' is not a port number"),
                arguments("SocketTargets", "db:", "'' in 'db:' is not a port number"),
                arguments("SocketTargets", ":5672", "':5672' has no host: write * for any host"),
                arguments("SocketTargets", "::1:5672", "'::1:5672': IPv6 addresses go in brackets, e.g. [::1]:5672"),
                arguments("SocketTargets", "*.example.com:1", "'*.example.com' is not a host name or IP address (* stands only for a whole host: *:port)"),
                arguments("SocketTargets", "a b:1", "'a b' is not a host name or IP address"),
                arguments("SocketTargets", "db:1,,db:2", "an entry between commas is empty"),
                arguments("JdbcTargets", "db", "'db' has no port: write host:port, * for any port, e.g. db:*"),
                arguments("JdbcTargets", "db:70000", "port 70000 in 'db:70000' is not between 1 and 65535"),

                arguments("LogLevel", "TRACE", "'TRACE' is not one of the accepted words"),
                arguments("DuplicateDetection", "true", "'true' is not one of the accepted words"),
                arguments("ConfigPollInterval", "-1", "'-1' is negative"),
                arguments("ConfigPollInterval", "5s", "'5s' is not a whole number of milliseconds"),
                arguments("DuplicateDetectionProperty", "1abc", "'1abc' is not a Java identifier"),
                arguments("DuplicateDetectionProperty", "my-id", "'my-id' is not a Java identifier"),
                arguments("DuplicateDetectionProperty", "JMSXDupId", "'JMSXDupId' starts with JMS, which JMS reserves for its own properties"),
                arguments("allowInsecureConfig", "yes", "'yes' is not one of the accepted words"),
                arguments("onConfigError", "ignore", "'ignore' is not one of the accepted words"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidValues")
    void invalidValuesAreReportedWithSourceKeyValueAndWhatIsAccepted(String key, String value, String message) {
        ConfigException e = t.property("reattach." + key, value).loadFails(null);
        assertEquals(1, e.problems().size(), e.getMessage());
        ConfigException.Problem p = e.problems().get(0);
        assertEquals("system property reattach." + key, p.source());
        assertEquals(key, p.key());
        assertEquals(value, p.value());
        assertEquals(message, p.message());
        assertNotNull(p.accepted());
        assertEquals("system property reattach." + key + ": " + key + "=" + (value.length() > 120 ? value.substring(0, 120) + "..." : value)
                + ": " + message + "; accepted: " + p.accepted(), e.getMessage());
    }

    @Test
    void theMessageLooksLikeTheDesign() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < 12; i++) {
            text.append(i == 1 ? "CHANNELS:\n" : "# line " + i + "\n");
        }
        Path file = write(tmp.resolve("etc/app/mqclient.ini"), text + "  ReconDelay=(1000,abc)\n");
        ConfigException e = t.loadFails("config=" + file);
        assertEquals(file + ":12: ReconDelay=(1000,abc): 'abc' is not a whole number of milliseconds; accepted: (ms[,randomMs])... e.g. (1000,250)(2000,500)",
                e.getMessage());
    }

    @Test
    void everyAcceptedTextSaysWhatToWrite() {
        for (Key<?> k : Key.ALL) {
            assertFalse(k.accepted.isEmpty(), k.name);
        }
        assertEquals("YES, NO, QMGR or DISABLED", Key.DEF_RECON.accepted);
        assertEquals("-1 (unlimited) or a whole number, 0 or more", Key.RECONNECT_ATTEMPTS.accepted);
        assertEquals("-1 (as the reconnect policy allows) or a whole number, 1 or more (1: no retry)", Key.INITIAL_CONNECT_ATTEMPTS.accepted);
    }

    @Test
    void allProblemsOfALoadAreReportedTogetherInTheOrderToFixThem() {
        Path file = write(t.workDir.resolve("mqclient.ini"), "CHANNELS:\n"
                + "  ReconDelay=(1000,abc)\n"          // 2
                + "  DefRecon=SOMETIMES\n"             // 3
                + "  this line is broken\n"            // 4
                + "  LogLevel=INFO\n"                  // 5
                + "TCP:\n"
                + "  KeepAlive=Yes\n"
                + "Reattach:\n"
                + "  LOGLEVEL=DEBUG\n"                 // 9
                + "  ConnectionNameList=a(1),b(0)\n"); // 10
        t.property("reattach.SocketTargets", "db").property("reattach.Bogus", "1");
        ConfigException e = t.loadFails("hello,ReconnectAttempts=-7,ExceptionListenerEvents=ALL,NONE");
        String[] lines = e.getMessage().split("\n");
        assertEquals(Arrays.asList(
                "agent argument: 'hello' is not key=value; accepted: key=value,key=value...",
                "agent argument: ReconnectAttempts=-7: '-7' is out of range; accepted: -1 (unlimited) or a whole number, 0 or more",
                "agent argument: ExceptionListenerEvents=ALL,NONE: ALL cannot be combined with other events; accepted: "
                        + "a comma list of RECONNECTING, RECONNECTED, RECONNECT_FAILED; or ALL; or NONE",
                "system property reattach.SocketTargets: SocketTargets=db: 'db' has no port: write host:port, * for any port, e.g. db:*; "
                        + "accepted: a comma list of host:port, * for any host or any port, e.g. db1:5432,*:61616; empty for none",
                file + ":2: ReconDelay=(1000,abc): 'abc' is not a whole number of milliseconds; accepted: (ms[,randomMs])... e.g. (1000,250)(2000,500)",
                file + ":3: DefRecon=SOMETIMES: 'SOMETIMES' is not one of the accepted words; accepted: YES, NO, QMGR or DISABLED",
                file + ":4: 'this line is broken' is not a stanza (NAME: or [NAME]), a Key=Value line, a comment (# or ;) or a blank line",
                file + ":9: LOGLEVEL=DEBUG: LogLevel is set twice in this file, at lines 5 and 9; keep one of them",
                file + ":10: ConnectionNameList=a(1),b(0): port 0 in 'b(0)' is not between 1 and 65535; accepted: "
                        + "host(port),host(port)... with ports 1 to 65535, e.g. broker1(61616),broker2(61616); empty for none"),
                Arrays.asList(lines));
        assertEquals(lines.length, e.problems().size());
        assertEquals(Arrays.asList("system property reattach.Bogus: unknown key 'Bogus': ignored",
                file + ":7: unknown key 'KeepAlive' in stanza TCP: ignored"), e.warnings());
    }

    @Test
    void aValueOverriddenByAHigherSourceIsStillValidated() {
        Path file = write(t.workDir.resolve("mqclient.ini"), "LogLevel=LOUD\n");
        ConfigException e = t.loadFails("LogLevel=DEBUG");
        assertEquals(file + ":1: LogLevel=LOUD: 'LOUD' is not one of the accepted words; accepted: OFF, ERROR, WARN, INFO or DEBUG", e.getMessage());
    }

    @Test
    void controlCharactersInValuesDoNotBreakTheLine() {
        ConfigException e = t.property("reattach.LogLevel", "IN\nFO\u0007X").loadFails(null);
        assertEquals("system property reattach.LogLevel: LogLevel=IN?FO?X: 'IN?FO?X' is not one of the accepted words; "
                + "accepted: OFF, ERROR, WARN, INFO or DEBUG", e.getMessage());
    }

    // ---- accepted values and boundaries ---------------------------------------------------------------------

    @Test
    void defRecon() throws Exception {
        for (String v : new String[]{"YES", "yes", "QMGR", "qmgr"}) {
            assertTrue(valid("DefRecon", v).reconnectEnabled(), v);
        }
        for (String v : new String[]{"NO", "No", "DISABLED", "disabled"}) {
            assertFalse(valid("DefRecon", v).reconnectEnabled(), v);
        }
        assertEquals("QMGR", valid("DefRecon", "qMgR").defRecon());
    }

    @Test
    void reconDelay() throws Exception {
        assertEquals(new ReconDelaySchedule(Arrays.asList(new DelayStep(0, 0))), valid("ReconDelay", "(0)").reconnectPolicy().schedule());
        assertEquals(new ReconDelaySchedule(Arrays.asList(new DelayStep(0, 0), new DelayStep(Long.MAX_VALUE, Long.MAX_VALUE))),
                valid("ReconDelay", " ( 0 , 0 )\t( 9223372036854775807 ,9223372036854775807 ) ").reconnectPolicy().schedule());
        Settings s = valid("ReconDelay", "(100,10) (200)");
        assertEquals("(100,10)(200,0)", setting(s, "ReconDelay").value());
        assertEquals(ReconDelaySchedule.IBM_MQ_DEFAULT,
                valid("ReconDelay", "(1000,250)(2000,500)(4000,1000)(8000,2000)(16000,4000)(25000,6250)").reconnectPolicy().schedule());
    }

    @Test
    void artemisKeys() throws Exception {
        assertEquals(new ExponentialSchedule(0, 1.0, 2000), valid("RetryInterval", "0").reconnectPolicy().schedule());
        assertEquals(new ExponentialSchedule(2000, 1.0, 0), valid("MaxRetryInterval", "0").reconnectPolicy().schedule());
        assertEquals(new ExponentialSchedule(2000, 1.0, Long.MAX_VALUE), valid("MaxRetryInterval", "9223372036854775807").reconnectPolicy().schedule());
        for (String v : new String[]{"1", "1.0", "1.", "1.000", "2.5", "100"}) {
            Settings s = valid("RetryIntervalMultiplier", v);
            assertEquals(Double.parseDouble(v), ((ExponentialSchedule) s.reconnectPolicy().schedule()).multiplier(), v);
        }
        assertEquals("2.5", setting(valid("RetryIntervalMultiplier", "2.50"), "RetryIntervalMultiplier").value());
    }

    @Test
    void attemptsAndTimeouts() throws Exception {
        assertEquals(-1, valid("ReconnectAttempts", "-1").reconnectPolicy().maxAttempts());
        assertEquals(0, valid("ReconnectAttempts", "0").reconnectPolicy().maxAttempts());
        assertEquals(Integer.MAX_VALUE, valid("ReconnectAttempts", "2147483647").reconnectPolicy().maxAttempts());
        assertEquals(0, valid("MQReconnectTimeout", "0").reconnectPolicy().timeoutMillis());
        assertEquals(1000, valid("MQReconnectTimeout", "1").reconnectPolicy().timeoutMillis());
        assertEquals(-1, valid("InitialConnectAttempts", "-1").initialConnectAttempts());
        assertEquals(1, valid("InitialConnectAttempts", "1").initialConnectAttempts());
        assertEquals(Integer.MAX_VALUE, valid("InitialConnectAttempts", "2147483647").initialConnectAttempts());
        assertEquals(-1, valid("ConfirmationWindowSize", "-1").confirmationWindowSize());
        assertEquals(0, valid("ConfirmationWindowSize", "0").confirmationWindowSize());
        assertEquals(Long.MAX_VALUE, valid("ConfirmationWindowSize", "9223372036854775807").confirmationWindowSize());
    }

    @Test
    void connectionNameList() throws Exception {
        assertEquals(Collections.emptyList(), valid("ConnectionNameList", "").connectionNameList());
        assertEquals(Collections.singletonList(new HostPort("a", 1)), valid("ConnectionNameList", "a(1)").connectionNameList());
        assertEquals(Arrays.asList(new HostPort("a", 65535), new HostPort("b.example.com", 2)),
                valid("ConnectionNameList", " a ( 65535 ) , b.example.com(2) ").connectionNameList());
        assertEquals(Arrays.asList(new HostPort("10.0.0.1", 1414), new HostPort("::1", 61616), new HostPort("[fe80::1%eth0]", 5672)),
                valid("ConnectionNameList", "10.0.0.1(1414),::1(61616),[fe80::1%eth0](5672)").connectionNameList());
        assertEquals("a(1),b(2)", setting(valid("ConnectionNameList", "a (1),  b(2)"), "ConnectionNameList").value());
    }

    @Test
    void hostPort() {
        HostPort hp = new HostPort("broker1", 61616);
        assertEquals("broker1(61616)", hp.toString());
        assertEquals("broker1", hp.host());
        assertEquals(61616, hp.port());
        assertEquals(new HostPort("broker1", 61616), hp);
        assertEquals(new HostPort("broker1", 61616).hashCode(), hp.hashCode());
        assertFalse(hp.equals(new HostPort("broker1", 61617)));
        assertThrows(IllegalArgumentException.class, () -> new HostPort("", 1));
        assertThrows(IllegalArgumentException.class, () -> new HostPort(null, 1));
        assertThrows(IllegalArgumentException.class, () -> new HostPort("h", 0));
        assertThrows(IllegalArgumentException.class, () -> new HostPort("h", 65536));
    }

    @Test
    void exceptionListenerEvents() throws Exception {
        assertEquals(EnumSet.noneOf(ReconnectEvent.class), valid("ExceptionListenerEvents", "none").exceptionListenerEvents());
        assertEquals("NONE", setting(valid("ExceptionListenerEvents", "NONE"), "ExceptionListenerEvents").value());
        assertEquals(EnumSet.allOf(ReconnectEvent.class), valid("ExceptionListenerEvents", "All").exceptionListenerEvents());
        assertEquals(EnumSet.allOf(ReconnectEvent.class),
                valid("ExceptionListenerEvents", "RECONNECT_FAILED,reconnected,Reconnecting").exceptionListenerEvents());
        Settings s = valid("ExceptionListenerEvents", " reconnected , RECONNECTING , reconnected ");
        assertEquals(EnumSet.of(ReconnectEvent.RECONNECTING, ReconnectEvent.RECONNECTED), s.exceptionListenerEvents());
        assertEquals("RECONNECTING,RECONNECTED", setting(s, "ExceptionListenerEvents").value());
    }

    @Test
    void socketTargets() throws Exception {
        assertEquals(Collections.emptyList(), valid("SocketTargets", "").socketTargets());
        assertEquals(Arrays.asList("db1:5432", "*:61616", "broker:*", "[::1]:5672", "10.0.0.1:1414", "a:1", "b:65535"),
                valid("SocketTargets", " DB1:5432, *:61616 ,Broker:*,[::1]:5672,10.0.0.1:01414,a:1,b:65535,db1:5432").socketTargets());
        Settings all = valid("SocketTargets", "*:*");
        assertEquals(Collections.singletonList("*:*"), all.socketTargets());
        assertEquals(Collections.singletonList("system property reattach.SocketTargets: SocketTargets *:* gives every plain-socket "
                + "connection of the application the reconnect policy, not only those to brokers"), all.warnings());
    }

    @Test
    void wordsAndFlags() throws Exception {
        for (String level : new String[]{"OFF", "ERROR", "WARN", "INFO", "DEBUG"}) {
            assertEquals(level, valid("LogLevel", level.toLowerCase()).logLevel());
        }
        assertTrue(valid("DuplicateDetection", "yes").duplicateDetection());
        assertFalse(valid("DuplicateDetection", "NO").duplicateDetection());
        assertEquals("YES", setting(valid("DuplicateDetection", "Yes"), "DuplicateDetection").value());
        assertTrue(Settings.defaults().sessionReattach(), "DESIGN.md: Artemis re-attaches where the broker kept the session");
        assertFalse(valid("SessionReattach", "no").sessionReattach());
        assertEquals(5000, Settings.defaults().configPollIntervalMillis());
        assertEquals(10_000, Settings.defaults().stallTimeoutMillis());
        assertEquals(0, valid("StallTimeout", "0").stallTimeoutMillis());
        assertEquals(1000, valid("StallTimeout", "1000").stallTimeoutMillis());
        assertEquals(0, valid("ConfigPollInterval", "0").configPollIntervalMillis());
        assertEquals(250, valid("ConfigPollInterval", "250").configPollIntervalMillis());
        assertEquals("_AMQ_DUPL_ID", valid("DuplicateDetection", "YES").duplicateDetectionProperty());
        assertEquals("myDupId", valid("DuplicateDetectionProperty", "myDupId").duplicateDetectionProperty());
        assertTrue(valid("allowInsecureConfig", "TRUE").allowInsecureConfig());
        assertFalse(valid("allowInsecureConfig", "false").allowInsecureConfig());
        assertEquals("warn", valid("onConfigError", "Warn").onConfigError());
        assertEquals("fail", valid("onConfigError", "FAIL").onConfigError());
    }

    @Test
    void everyKeyHasAValidationCase() {
        List<Object> keysWithCases = invalidValues().map(a -> a.get()[0]).distinct().collect(java.util.stream.Collectors.toList());
        for (Key<?> k : Key.ALL) {
            if (k != Key.CONFIG) { // config is a path: see SettingsLoaderTest
                assertTrue(keysWithCases.contains(k.name), k.name);
            }
        }
        Function<String, Key<?>> lookup = Key::lookup;
        assertEquals(Key.RECON_DELAY, lookup.apply("RECONDELAY"));
    }
}
