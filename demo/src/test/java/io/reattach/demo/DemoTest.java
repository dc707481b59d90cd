package io.reattach.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's main flow, shortened (40 orders, 20 a second, the broker down 1 s after each kill): with the agent the
 * application survives two kills and loses nothing; without it, it dies at the first.
 *
 * <p>It runs the agent jar of this repository, agent/target/reattach-agent.jar (built by the reactor before this
 * module), or the one named by {@code -Dreattach.agentJar=PATH}.
 */
class DemoTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void withTheAgentNothingIsLostAndWithoutItTheApplicationDies() throws Exception {
        DemoOptions options = DemoOptions.parse(new String[] {"--messages", "40", "--rate", "20", "--down", "1"});
        options.idleTimeoutMillis = 5000;
        options.workDir = tmp;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Terminal term = new Terminal(new PrintStream(buffer, true, StandardCharsets.UTF_8), false, false);

        Demo.Outcome outcome = Demo.run(options, term);
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(output);

        RunResult with = outcome.withAgent();
        assertTrue(with.completed(), "with the agent the application did not complete\n" + output);
        assertEquals(2, with.kills.size(), "the broker should have been killed twice\n" + output);
        assertEquals(40, with.sentCount(), output);
        assertEquals(Set.of(), with.lost(), "orders lost with the agent\n" + output);
        assertEquals(Set.of(), with.leftOnBroker(), "orders never received with the agent\n" + output);
        assertEquals(40, with.receivedCount(), output);
        assertEquals(4, with.reconnects(), "two connections, two kills: four RECONNECTED events\n" + output);
        assertTrue(with.lostNothing(), output);
        assertEquals(0, outcome.exitCode(), output);

        RunResult without = outcome.withoutAgent();
        assertEquals(1, without.kills.size(), "the application should have died at the first kill\n" + output);
        assertFalse(without.completed(), output);
        assertEquals(1, (int) without.exitCode, output);
        assertTrue(without.neverSent() > 0, output);
        assertEquals(0, without.reconnects(), output);
        assertTrue(output.contains("Side by side"), output);
    }
}
