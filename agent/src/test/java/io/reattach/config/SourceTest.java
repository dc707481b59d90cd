package io.reattach.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where a problem is: a kind and a line, named as messages name it and ordered as an operator fixes them. */
class SourceTest {

    @TempDir
    Path tmp;

    @Test
    void eachKindIsNamedAsTheMessagesNameIt() {
        assertEquals("agent argument", Source.AGENT_ARGUMENT.toString());
        assertEquals("system property reattach.ReconDelay", Source.systemProperty("reattach.ReconDelay").toString());
        assertEquals("environment variable MQCLNTCF", Source.environmentVariable("MQCLNTCF").toString());
        assertEquals("/etc/mqclient.ini", Source.file("/etc/mqclient.ini").toString());
        assertEquals("/etc/mqclient.ini:12", Source.fileLine("/etc/mqclient.ini", 12).toString());
        assertEquals("check-config", Source.CHECK_CONFIG.toString());
        assertEquals("default", Source.DEFAULT.toString());
    }

    @Test
    void theFixOrderIsByKindThenByLineWithTheWholeFileAfterItsLines() {
        List<Source> expected = Arrays.asList(Source.AGENT_ARGUMENT, Source.systemProperty("reattach.b"),
                Source.environmentVariable("MQCLNTCF"), Source.fileLine("/f", 2), Source.fileLine("/f", 10), Source.file("/f"),
                Source.CHECK_CONFIG);
        List<Source> shuffled = new ArrayList<>(expected);
        Collections.reverse(shuffled);
        shuffled.sort(Source::fixOrder);
        assertEquals(expected, shuffled);
    }

    /** A file whose name looks like another source, or like a line number, is still the file, ordered by its lines. */
    @Test
    void aProblemCarriesItsKindAndLineWhateverTheFileIsCalled() {
        Path file = TestEnv.write(tmp.resolve("system property:7").resolve("x.ini:3"), "LogLevel=LOUD\n\nDefRecon=SOMETIMES\n");
        ConfigException e = new TestEnv(tmp).loadFails("config=" + file + ",ReconnectAttempts=-7");
        List<String> where = new ArrayList<>();
        for (ConfigException.Problem p : e.problems()) {
            where.add(p.where().kind() + " " + p.where().line());
        }
        assertEquals(Arrays.asList("AGENT_ARGUMENT 0", "FILE 1", "FILE 3"), where);
        assertEquals(file + ":3", e.problems().get(2).source());
    }
}
