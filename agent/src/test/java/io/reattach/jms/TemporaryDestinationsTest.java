package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TemporaryQueue;
import javax.jms.TemporaryTopic;
import javax.jms.Topic;

import org.junit.jupiter.api.Test;

/**
 * How the application's temporary destination of a dead connection maps to the one that stands for it on the new
 * connection: sessions and destinations here are stand-ins of a provider's, each temporary destination with a new name.
 */
class TemporaryDestinationsTest {

    private final AtomicInteger names = new AtomicInteger();
    private final Session oldSession = session("old");
    private final Session newSession = session("new");
    private final TemporaryDestinations temps = temps();

    private TemporaryDestinations temps() {
        try {
            return new TemporaryDestinations(JmsApi.of(oldSession), "test");
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /** A provider session whose temporary destinations are named {@code <session>-q<n>} and {@code <session>-t<n>}. */
    private Session session(String name) {
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Session.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "createTemporaryQueue":
                    return destination(TemporaryQueue.class, name + "-q" + names.incrementAndGet());
                case "createTemporaryTopic":
                    return destination(TemporaryTopic.class, name + "-t" + names.incrementAndGet());
                default:
                    return JmsApi.objectMethod(p, m, a);
            }
        });
    }

    /** A destination as a provider makes them: equal by name, like Artemis', Classic's and Qpid's. */
    private static <T> T destination(Class<T> type, String name) {
        return type.cast(Proxy.newProxyInstance(TemporaryDestinationsTest.class.getClassLoader(), new Class<?>[]{type}, (p, m, a) -> {
            switch (m.getName()) {
                case "getQueueName":
                case "getTopicName":
                case "toString":
                    return name;
                case "equals":
                    return a[0] != null && a[0].toString().equals(name);
                case "hashCode":
                    return name.hashCode();
                default:
                    return null;
            }
        }));
    }

    private static String name(Object dest) {
        return dest.toString();
    }

    @Test
    void beforeAReconnectTheApplicationsObjectIsUsedAsItIs() throws Throwable {
        TemporaryQueue queue = oldSession.createTemporaryQueue();
        temps.created(queue, 0);

        assertSame(queue, temps.translate(queue, temps.current(), oldSession));
    }

    @Test
    void afterAReconnectOneStandInIsCreatedOnTheNewConnectionAndUsedForEveryUse() throws Throwable {
        TemporaryQueue queue = oldSession.createTemporaryQueue();
        temps.created(queue, 0);

        TemporaryDestinations.Scope attempt = temps.attempt();
        Object standIn = temps.translate(queue, attempt, newSession); // the consumer rebuilt on it
        temps.switchedIn(1);

        assertEquals("new-q2", name(standIn));
        assertSame(standIn, temps.translate(queue, temps.current(), newSession), "a send after the reconnect meets the consumer");
        Queue replyToOfAReceivedMessage = destination(Queue.class, "new-q2");
        assertSame(standIn, temps.translate(replyToOfAReceivedMessage, temps.current(), newSession), "any object naming it");
    }

    @Test
    void aSecondReconnectMapsTheOriginalAndTheFirstStandInToTheSecond() throws Throwable {
        TemporaryTopic topic = oldSession.createTemporaryTopic();
        temps.created(topic, 0);
        temps.attempt(); // nothing on the topic to rebuild: its stand-in is made when it is first used
        temps.switchedIn(1);
        Object first = temps.translate(topic, temps.current(), newSession);

        Session third = session("third");
        TemporaryDestinations.Scope attempt = temps.attempt();
        Object second = temps.translate(first, attempt, third);
        temps.switchedIn(2);

        assertEquals("third-t" + names.get(), name(second));
        assertSame(second, temps.translate(topic, temps.current(), third), "the application's own object");
        assertSame(second, temps.translate(first, temps.current(), third), "a JMSReplyTo that named the first stand-in");
    }

    @Test
    void aFailedAttemptsStandInsDieWithIt() throws Throwable {
        TemporaryQueue queue = oldSession.createTemporaryQueue();
        temps.created(queue, 0);
        TemporaryDestinations.Scope failed = temps.attempt();
        Object lost = temps.translate(queue, failed, session("failed"));

        TemporaryDestinations.Scope attempt = temps.attempt();
        Object standIn = temps.translate(queue, attempt, newSession);
        temps.switchedIn(1);

        assertNotSame(lost, standIn);
        assertSame(standIn, temps.translate(queue, temps.current(), newSession));
    }

    @Test
    void otherDestinationsAndArgumentsAreLeftAlone() throws Throwable {
        temps.created(oldSession.createTemporaryQueue(), 0);
        temps.attempt();
        temps.switchedIn(1);
        Topic regular = destination(Topic.class, "orders");
        Object[] args = {regular, "selector", 5};

        assertSame(args, temps.translateArgs(args, temps.current(), newSession), "nothing to replace: the same array");
        assertEquals(1, temps.size());
    }

    @Test
    void withoutASessionToCreateItOnTheApplicationsObjectIsUsed() throws Throwable {
        TemporaryQueue queue = oldSession.createTemporaryQueue();
        temps.created(queue, 0);
        temps.attempt();
        temps.switchedIn(1);

        assertSame(queue, temps.translate(queue, temps.current(), null));
    }
}
