package io.reattach.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IniFileTest {

    private static IniFile parse(String text) throws ConfigException {
        return IniFile.parse("/etc/app/mqclient.ini", text);
    }

    private static void assertEntry(IniEntry e, int line, String stanza, String key, String value) {
        assertEquals(line, e.line(), "line of " + e);
        assertEquals(stanza, e.stanza(), "stanza of " + e);
        assertEquals(key, e.key(), "key of " + e);
        assertEquals(value, e.value(), "value of " + e);
        assertEquals("/etc/app/mqclient.ini", e.file());
        assertEquals("/etc/app/mqclient.ini:" + line, e.location());
    }

    @Test
    void ibmMqStanzasWithIndentedAndUnindentedKeys() throws Exception {
        List<IniEntry> entries = parse("CHANNELS:\n"
                + "   DefRecon=YES\n"
                + "\tReconDelay=(1000,250)\n"
                + "MQReconnectTimeout=1800\n"
                + "TCP:\n"
                + "  KeepAlive = Yes \n").entries();
        assertEquals(4, entries.size());
        assertEntry(entries.get(0), 2, "CHANNELS", "DefRecon", "YES");
        assertEntry(entries.get(1), 3, "CHANNELS", "ReconDelay", "(1000,250)");
        assertEntry(entries.get(2), 4, "CHANNELS", "MQReconnectTimeout", "1800");
        assertEntry(entries.get(3), 6, "TCP", "KeepAlive", "Yes");
    }

    @Test
    void bracketStanzas() throws Exception {
        List<IniEntry> entries = parse("[CHANNELS]\nDefRecon=QMGR\n  [ Reattach ]  \nLogLevel=DEBUG\n").entries();
        assertEntry(entries.get(0), 2, "CHANNELS", "DefRecon", "QMGR");
        assertEntry(entries.get(1), 4, "Reattach", "LogLevel", "DEBUG");
    }

    @Test
    void stanzaLinesMayHaveSpacesBeforeTheColonAndInlineComments() throws Exception {
        List<IniEntry> entries = parse("  CHANNELS :   # the IBM MQ stanza\nDefRecon=NO\n").entries();
        assertEntry(entries.get(0), 2, "CHANNELS", "DefRecon", "NO");
    }

    @Test
    void wholeLineComments() throws Exception {
        List<IniEntry> entries = parse("# hash comment\n; semicolon comment\n   # indented\n\t; tab indented\nCHANNELS:\n#DefRecon=NO\nDefRecon=YES\n").entries();
        assertEquals(1, entries.size());
        assertEntry(entries.get(0), 7, "CHANNELS", "DefRecon", "YES");
    }

    @Test
    void inlineCommentsAfterWhitespace() throws Exception {
        List<IniEntry> entries = parse("CHANNELS:\n"
                + "DefRecon=YES # reconnect\n"
                + "ReconDelay=(1000,250)(2000)\t; tab before\n"
                + "LogLevel = INFO;no whitespace before, so part of the value\n"
                + "SSLKeyRepositoryPassword=pa#ss;word\n"
                + "MQReconnectTimeout= # only a comment\n").entries();
        assertEntry(entries.get(0), 2, "CHANNELS", "DefRecon", "YES");
        assertEntry(entries.get(1), 3, "CHANNELS", "ReconDelay", "(1000,250)(2000)");
        assertEntry(entries.get(2), 4, "CHANNELS", "LogLevel", "INFO;no whitespace before, so part of the value");
        assertEntry(entries.get(3), 5, "CHANNELS", "SSLKeyRepositoryPassword", "pa#ss;word");
        assertEntry(entries.get(4), 6, "CHANNELS", "MQReconnectTimeout", "");
    }

    @Test
    void blankLinesCountInLineNumbers() throws Exception {
        List<IniEntry> entries = parse("\n\n   \n\t\nCHANNELS:\n\n\nDefRecon=YES\n\n").entries();
        assertEntry(entries.get(0), 8, "CHANNELS", "DefRecon", "YES");
    }

    @Test
    void windowsLineEnds() throws Exception {
        List<IniEntry> entries = parse("CHANNELS:\r\n  DefRecon=YES\r\n\r\n  ReconDelay=(500)\r\n").entries();
        assertEntry(entries.get(0), 2, "CHANNELS", "DefRecon", "YES");
        assertEntry(entries.get(1), 4, "CHANNELS", "ReconDelay", "(500)");
    }

    @Test
    void oldMacLineEndsAndMixedEnds() throws Exception {
        List<IniEntry> entries = parse("CHANNELS:\rDefRecon=YES\r\nLogLevel=WARN\nReconDelay=(1)").entries();
        assertEntry(entries.get(0), 2, "CHANNELS", "DefRecon", "YES");
        assertEntry(entries.get(1), 3, "CHANNELS", "LogLevel", "WARN");
        assertEntry(entries.get(2), 4, "CHANNELS", "ReconDelay", "(1)");
    }

    @Test
    void aUtf8ByteOrderMarkIsSkipped() throws Exception {
        List<IniEntry> entries = parse("\uFEFFCHANNELS:\r\nDefRecon=YES\r\n").entries();
        assertEntry(entries.get(0), 2, "CHANNELS", "DefRecon", "YES");
        List<IniEntry> keyFirst = parse("\uFEFFDefRecon=NO\n").entries();
        assertEntry(keyFirst.get(0), 1, null, "DefRecon", "NO");
    }

    @Test
    void keysBeforeAnyStanza() throws Exception {
        List<IniEntry> entries = parse("DefRecon=YES\nLogLevel=DEBUG\nCHANNELS:\nReconDelay=(1)\n").entries();
        assertEntry(entries.get(0), 1, null, "DefRecon", "YES");
        assertEntry(entries.get(1), 2, null, "LogLevel", "DEBUG");
        assertEntry(entries.get(2), 4, "CHANNELS", "ReconDelay", "(1)");
    }

    @Test
    void theValueIsEverythingAfterTheFirstEquals() throws Exception {
        assertEntry(parse("A=b=c\n").entries().get(0), 1, null, "A", "b=c");
    }

    @Test
    void emptyTextAndCommentsOnly() throws Exception {
        assertTrue(parse("").entries().isEmpty());
        assertTrue(parse("\uFEFF").entries().isEmpty());
        assertTrue(parse("# nothing\n\n; here\n").entries().isEmpty());
        assertTrue(parse("CHANNELS:\nTCP:\n").entries().isEmpty());
    }

    @Test
    void malformedLinesAreErrorsWithTheirLineNumbers() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("CHANNELS:\n"
                + "DefRecon=YES\n"
                + "this is not ini\n"
                + "\n"
                + "[TCP\n"
                + "=5\n"
                + "Recon Delay=(1)\n"
                + "[]\n"
                + ":\n"
                + "LogLevel=INFO\n"));
        List<ConfigException.Problem> p = e.problems();
        assertEquals(6, p.size(), e.getMessage());
        assertEquals("/etc/app/mqclient.ini:3", p.get(0).source());
        assertEquals("/etc/app/mqclient.ini:3: 'this is not ini' is not a stanza (NAME: or [NAME]), a Key=Value line, a comment (# or ;) or a blank line",
                p.get(0).toString());
        assertEquals("/etc/app/mqclient.ini:5: '[TCP' starts a [NAME] stanza header but has no closing ']'", p.get(1).toString());
        assertEquals("/etc/app/mqclient.ini:6: '=5' has no key before '='", p.get(2).toString());
        assertEquals("/etc/app/mqclient.ini:7: 'Recon Delay' is not a key name (letters, digits, '_', '.' and '-' only)", p.get(3).toString());
        assertEquals("/etc/app/mqclient.ini:8", p.get(4).source());
        assertEquals("/etc/app/mqclient.ini:9", p.get(5).source());
        assertEquals(String.join("\n", p.stream().map(Object::toString).toArray(String[]::new)), e.getMessage());
    }

    @Test
    void lineNumbersOfMalformedLinesAfterCrlfAndBom() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("\uFEFF# c\r\nCHANNELS:\r\n\r\ngarbage\r\n"));
        assertEquals("/etc/app/mqclient.ini:4", e.problems().get(0).source());
    }

    @Test
    void aFileThatIsNotIniAtAllStopsAfterAFewProblems() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("garbage line ").append(i).append('\n');
        }
        ConfigException e = assertThrows(ConfigException.class, () -> parse(sb.toString()));
        assertEquals(IniFile.MAX_LINE_PROBLEMS + 1, e.problems().size());
        ConfigException.Problem last = e.problems().get(e.problems().size() - 1);
        assertEquals("/etc/app/mqclient.ini", last.source());
        assertTrue(last.message().contains("is this an mqclient.ini file?"), last.message());
    }

    @Test
    void controlCharactersAndLongLinesAreShownSafely() {
        StringBuilder longLine = new StringBuilder("x\u0001\u001b");
        for (int i = 0; i < 10_000; i++) {
            longLine.append('y');
        }
        ConfigException e = assertThrows(ConfigException.class, () -> parse(longLine + "\n"));
        String message = e.getMessage();
        assertTrue(message.startsWith("/etc/app/mqclient.ini:1: 'x??yyy"), message);
        assertTrue(message.length() < 400, "shortened: " + message.length());
        assertEquals(-1, message.indexOf('\n'));
    }

    @Test
    void entriesAreUnmodifiable() throws Exception {
        IniFile f = parse("A=1\n");
        assertThrows(UnsupportedOperationException.class, () -> f.entries().clear());
        assertEquals("/etc/app/mqclient.ini", f.fileName());
        assertNull(f.entries().get(0).stanza());
    }
}
