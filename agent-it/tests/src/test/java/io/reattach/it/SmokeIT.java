package io.reattach.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.Done;
import io.reattach.it.harness.Layout;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/** No failure at all: the application runs to completion, with the agent as without it. */
@ExtendWith(TestbedExtension.class)
class SmokeIT {

    /** The clients of the embedded Artemis broker (the ActiveMQ family): the scenarios that do not run with RabbitMQ. */
    static final String CLIENTS = "io.reattach.it.harness.Client#ofEmbeddedBroker";

    /** Every client, the RabbitMQ ones (with their private node) included. */
    static final String EVERY_CLIENT = "io.reattach.it.harness.Client#selected";

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(EVERY_CLIENT)
    void completesWithTheAgent(Client client, Testbed testbed) throws IOException {
        Path classes = Layout.target().resolve("it").resolve("SmokeIT").resolve(client.module() + "-classes.txt");
        Files.createDirectories(classes.getParent());
        run(testbed, testbed.app(client).withAgent(null).jvmArgs("-Xlog:class+load:file=" + classes + ":none"), "yes");
        // Each lambda costs the JVM about 0.6 ms to link, interpreted: the path of a run without failures (start-up,
        // connect, sends, receives, close) links none of the agent's (BENCHMARKS.md, "Time to first send").
        List<String> loaded = Files.readAllLines(classes).stream().map(l -> l.split(" ", 2)[0]).collect(Collectors.toList());
        List<String> lambdas = loaded.stream()
                .filter(c -> c.startsWith("io.reattach.") && !c.startsWith("io.reattach.it.") && c.contains("$$Lambda"))
                .collect(Collectors.toList());
        assertEquals(List.of(), lambdas, "lambdas of the agent linked in a run without failures (" + classes + ")");
        // Nor is the platform MBean server made (about 100 ms of CPU beside the first sends): the status beans wait
        // until 10 s after start-up, and this application is done long before.
        assertFalse(loaded.contains("com.sun.jmx.mbeanserver.JmxMBeanServer"),
                "the platform MBean server was created in a run of a few seconds (" + classes + ")");
        // The factory classes are woven as they load without ASM (its first use took about 20 ms of the first
        // createConnection): ASM is only for the classes an attach retransforms.
        assertFalse(loaded.contains("io.reattach.shaded.asm.ClassReader"), "ASM loaded under -javaagent (" + classes + ")");
        assertTrue(loaded.contains("io.reattach.weave.FactoryDelegation") && loaded.contains("io.reattach.jms.ManagedConnection"),
                "the factory was not woven, or its connection not managed (" + classes + ")");
    }

    @Tag(Tags.BASELINE)
    @ParameterizedTest(name = "{0}")
    @MethodSource(EVERY_CLIENT)
    void completesWithoutTheAgent(Client client, Testbed testbed) {
        run(testbed, testbed.app(client), "no");
    }

    static void run(Testbed testbed, AppProcess.Builder builder, String agent) {
        AppProcess app = builder.mode("queue")
                .args("--count=20", "--interval-ms=0", "--destination=" + testbed.destination("q"))
                .start();
        int code = app.awaitExit(Scenarios.FINISH);
        Done done = Scenarios.assertEverythingReceived(app, code);
        assertEquals(20, done.sent, done.toString());
        assertEquals(0, done.duplicates, "duplicates without any failure: " + done + app.tailForMessage());
        assertTrue(app.events().isEmpty(), "listener events without any failure: " + app.events());
        assertTrue(app.firstLineStartingWith("START ").orElse("").endsWith("agent=" + agent),
                "agent=" + agent + " expected" + app.tailForMessage());
    }
}
