package io.reattach.it;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.reattach.broker.RabbitMqNode;
import io.reattach.it.harness.AppProcess;
import io.reattach.it.harness.Client;
import io.reattach.it.harness.FaultProxy;
import io.reattach.it.harness.Scenarios;
import io.reattach.it.harness.Testbed;
import io.reattach.it.harness.TestbedExtension;

/**
 * Scenario 5: scenario 1 with the JMS 2.0 simplified API: a {@code JMSContext} with a {@code JMSProducer}, another
 * with a {@code JMSConsumer} and a listener.
 *
 * <p>All eight clients implement {@code ConnectionFactory.createContext()}, ActiveMQ Classic 5.x (since 5.18) and RabbitMQ JMS 2.x included (
 * {@link SmokeIT} does not cover it, {@link #withoutTheAgentTheApplicationGivesUp} does: it must reach its first kill).
 */
@ExtendWith(TestbedExtension.class)
class JmsContextIT {

    /** The exchange through which the RabbitMQ JMS client routes every send to a queue, each queue bound by its name. */
    private static final String RABBITMQ_QUEUE_EXCHANGE = "jms.durable.queues";

    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.EVERY_CLIENT)
    void withTheAgentEveryPersistentMessageArrives(Client client, Testbed testbed) {
        AppProcess app = testbed.app(client).withAgent(Scenarios.FAST_RECONNECT).mode("context")
                .args(Scenarios.KILL_RUN).args("--destination=" + testbed.destination("q"))
                .start();
        int code = Scenarios.killTwiceWhileSending(testbed, app);
        Scenarios.assertEverythingReceived(app, code);
    }

    /**
     * RabbitMQ: the node comes back without the application's queue, its binding and the client's exchange (its
     * database wiped between the kill and the restart), the reliable form of a loss that a node killed soon after the
     * declaration shows now and then: it came back with the queue but without its binding, and every send after the
     * restart was dropped as unroutable (the scenario above lost messages 21 to 80, one run in nine). The client
     * declares a destination once per object, and neither the consumer's context nor the producer's, which names the
     * queue only in {@code send(queue, message)}, declared it again. One send every 500 ms, and the kill once the
     * application received all it sent: the wipe loses nothing stored.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}", allowZeroInvocations = true) // none when no RabbitMQ client is selected
    @MethodSource("io.reattach.it.harness.Client#ofRabbitMq") // the ActiveMQ family's brokers create a queue on use
    void withTheAgentEveryPersistentMessageArrivesOnARabbitMqNodeThatLostTheQueue(Client client, Testbed testbed) {
        RabbitMqNode node = (RabbitMqNode) testbed.broker(client);
        AppProcess app = testbed.app(client).withAgent(Scenarios.FAST_RECONNECT).mode("context")
                .args("--count=12", "--interval-ms=500", "--drain-ms=20000", "--max-runtime-s=90")
                .args("--destination=" + testbed.destination("lost"))
                .start();
        app.awaitLine("READY", Scenarios.SETUP);
        app.awaitLine("RECEIVED 4", Scenarios.PROGRESS);
        node.kill();
        node.wipe();
        node.start();
        int code = app.awaitExit(Scenarios.FINISH);
        Scenarios.assertEverythingReceived(app, code);
    }

    /**
     * RabbitMQ: the node comes back with the queue and the exchange but without the queue's binding, the loss that a
     * node killed soon after the declaration shows now and then (once in 30 kills 100 to 450 ms after it, RabbitMQ
     * 3.10.8), and the one that the wiped node (above) does not show alone: no call fails, every send is confirmed and
     * dropped as unroutable, and the consumer waits on a queue that gets nothing. The binding is removed while the
     * application cannot reach the node (its proxy refuses it), so that its reconnect meets exactly that node. Before
     * the client declared a context's destinations again after a reconnect, this lost every message sent after it.
     */
    @Tag(Tags.AGENT)
    @ParameterizedTest(name = "{0}", allowZeroInvocations = true) // none when no RabbitMQ client is selected
    @MethodSource("io.reattach.it.harness.Client#ofRabbitMq")
    void withTheAgentEveryPersistentMessageArrivesOnARabbitMqNodeThatLostTheBinding(Client client, Testbed testbed) {
        RabbitMqNode node = (RabbitMqNode) testbed.broker(client);
        FaultProxy proxy = testbed.proxy(client);
        String queue = testbed.destination("unbound");
        AppProcess app = testbed.app(client, Testbed.url(client, proxy)).withAgent(Scenarios.FAST_RECONNECT).mode("context")
                .args("--count=12", "--interval-ms=500", "--drain-ms=20000", "--max-runtime-s=90")
                .args("--destination=" + queue)
                .start();
        app.awaitLine("READY", Scenarios.SETUP);
        app.awaitLine("RECEIVED 4", Scenarios.PROGRESS);
        proxy.refuse();
        node.kill();
        node.start();
        node.unbind(RABBITMQ_QUEUE_EXCHANGE, queue);
        proxy.accept();
        int code = app.awaitExit(Scenarios.FINISH);
        Scenarios.assertEverythingReceived(app, code);
    }

    @Tag(Tags.BASELINE)
    @ParameterizedTest(name = "{0}")
    @MethodSource(SmokeIT.EVERY_CLIENT)
    void withoutTheAgentTheApplicationGivesUp(Client client, Testbed testbed) {
        AppProcess app = testbed.app(client).mode("context")
                .args(Scenarios.KILL_RUN).args("--destination=" + testbed.destination("q"))
                .start();
        int code = Scenarios.killOnceWithoutAgent(testbed, app);
        Scenarios.assertAppGaveUp(app, code);
    }
}
