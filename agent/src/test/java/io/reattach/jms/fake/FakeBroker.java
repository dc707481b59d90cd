package io.reattach.jms.fake;

import javax.jms.DeliveryMode;
import javax.jms.Destination;
import javax.jms.ExceptionListener;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.TextMessage;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An in-memory JMS broker and its client (javax.jms 2.0), for unit tests of the agent's engine. It models what the
 * engine depends on, as real providers behave:
 * <ul>
 * <li>{@link #crash()}: every open connection breaks. Its calls throw a {@code JMSException} caused by an
 * {@code IOException}, and its {@code ExceptionListener} is called on the provider's thread. What the broker stored
 * stays (queues, durable subscriptions). What was in flight is lost: non-persistent sends and sends with a
 * {@code CompletionListener} not yet confirmed (whose listener gets {@code onException}), and open transactions.
 * Deliveries not acknowledged go back to the head of their queue, marked redelivered.</li>
 * <li>{@link #crashQuietly()}: the same, but as a provider that says nothing: no ExceptionListener is called, and
 * the calls throw an unchecked exception without a cause.</li>
 * <li>{@link #stayDown()} refuses connects; {@link #stallConnects()} makes them hang, as with a host that does not
 * answer, until {@link #restart()} or an interrupt of the connecting thread.</li>
 * <li>A non-persistent send, and a send with a {@code CompletionListener}, is in flight until the next round trip on
 * its connection: a persistent send, a commit or rollback (the round trips the engine counts as confirmations), the
 * close of a session or of the connection, or {@link #settle()}. The round trip stores them in the order sent and
 * confirms the CompletionListener ones. A persistent send is stored when {@code send} returns.</li>
 * <li>A broken connection answers every call with its failure, also after a close; a call on it counts in
 * {@link #callsRefused()}.</li>
 * <li>Scripted failures at any call, by its JMS method name: {@link #failNext}, {@link #failNextAfterApplying},
 * {@link #throwNext}.</li>
 * <li>Callbacks (exception, completion and message listeners) run on one provider thread, never the caller's;
 * {@link #holdCallbacks()} makes them late.</li>
 * <li>Consumers as lazy providers make them: {@link #createConsumersOffline()} lets a consumer be created on a broken
 * connection without a word to the broker (it gets nothing); {@link #refuseConsumersOn} makes the broker refuse consumers
 * of a queue (a destination it no longer has); {@link #holdNext} makes the next call of a name wait where the test
 * says.</li>
 * </ul>
 * The classic API and the simplified one ({@code JMSContext}, {@code JMSProducer}, {@code JMSConsumer}) over the same
 * objects. Only text messages, queues, and topics with non-durable or durable subscriptions; no selectors, no browsers.
 * One lock, the broker's monitor, guards the state of the broker and of every object of its connections.
 */
public final class FakeBroker implements AutoCloseable {

    /** The name of the provider thread that calls the listeners. */
    public static final String CALLBACK_THREAD = Callbacks.THREAD;
    private boolean sendFailuresWithoutCause;
    private static final long AWAIT_MILLIS = 5_000;

    private final MessageStore messages = new MessageStore();
    private final List<FakeConnection> open = new ArrayList<>();
    private final Script script = new Script();
    private final Map<String, Integer> calls = new HashMap<>();
    private final Callbacks callbacks = new Callbacks();
    private boolean down;
    private boolean stalled;
    private int stalledConnects;
    private int connectAttempts;
    private int callsRefused;
    private int receivesWaiting;
    private long ids;
    private boolean nullFromBrokenReceives;
    private boolean consumersOffline;
    private final java.util.Set<String> refusedQueues = new java.util.HashSet<>();
    private final Map<String, Hold> holds = new java.util.concurrent.ConcurrentHashMap<>();

    /** A call held before the broker sees it: {@code reached} when it arrives, it goes on at {@code released}. */
    private static final class Hold {
        final java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    }

    public FakeConnectionFactory connectionFactory() {
        return new FakeConnectionFactory(this);
    }

    // ---- what a test does to the broker ----

    /** Breaks every open connection, as a broker restart or a network failure does (see the class comment). */
    public synchronized void crash() {
        for (FakeConnection c : new ArrayList<>(open)) {
            breakConnection(c, new IOException("Connection reset by peer"));
        }
    }

    /**
     * Breaks every open connection as {@link #crash()} does, as a provider that says nothing of it: the
     * ExceptionListeners hear nothing, and the calls throw {@link Failures.Closed}, unchecked, without a cause and named
     * for nothing (as RabbitMQ's {@code AlreadyClosedException}). Only asking the connection tells the failure.
     */
    public synchronized void crashQuietly() {
        for (FakeConnection c : new ArrayList<>(open)) {
            c.quiet = true;
            breakConnection(c, new IOException("Connection reset by peer"));
        }
    }

    /** From now on connects are refused, hanging ones too, until {@link #restart()}. */
    public synchronized void stayDown() {
        down = true;
        stalled = false;
        notifyAll();
    }

    /** From now on connects hang, until {@link #restart()} or an interrupt of the connecting thread. */
    public synchronized void stallConnects() {
        stalled = true;
    }

    /** Accepts connects again; hanging ones go through. */
    public synchronized void restart() {
        down = false;
        stalled = false;
        notifyAll();
    }

    /**
     * The next {@code times} calls of that name fail as when the connection breaks under them, before the broker sees
     * them: the call throws a JMSException caused by an IOException and its connection is broken (a connect is refused).
     */
    public synchronized void failNext(String call, int times) {
        script.add(call, new Script.Fault(Script.Kind.BREAK_BEFORE, null), times);
    }

    /** The next {@code times} calls of that name take effect at the broker, then the connection breaks: the reply is lost. */
    public synchronized void failNextAfterApplying(String call, int times) {
        script.add(call, new Script.Fault(Script.Kind.BREAK_AFTER, null), times);
    }

    /** The next call of that name throws this exception, and nothing else happens: an application error. */
    public synchronized void throwNext(String call, JMSException exception) {
        script.add(call, new Script.Fault(Script.Kind.THROW, exception), 1);
    }

    /** The same with an unchecked exception, as some providers throw for an application's error. */
    public synchronized void throwNext(String call, RuntimeException exception) {
        script.add(call, new Script.Fault(Script.Kind.THROW, exception), 1);
    }

    /** A persistent message from another client, stored on the queue. */
    public void send(String queue, String text) {
        fromAnotherClient(new FakeQueue(queue), text);
    }

    /** A persistent message from another client, stored on each subscription of the topic. */
    public void publish(String topic, String text) {
        fromAnotherClient(new FakeTopic(topic), text);
    }

    private synchronized void fromAnotherClient(Destination destination, String text) {
        FakeTextMessage m = new FakeTextMessage(text);
        m.sent(destination, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, 0, nextMessageId());
        store(destination, m);
    }

    /**
     * From now on a message whose property (e.g. Artemis' {@code _AMQ_DUPL_ID}) holds an id already stored is
     * dropped, as a broker with duplicate detection does.
     */
    public synchronized void detectDuplicates(String property) {
        messages.detectDuplicates(property);
    }

    /**
     * Reports an exception to the ExceptionListener of every open connection, as a provider reports an error it
     * found asynchronously (e.g. a refused asynchronous send). The connections stay up.
     */
    public synchronized void reportToListeners(JMSException exception) {
        for (FakeConnection c : open) {
            ExceptionListener listener = c.exceptionListener;
            if (listener != null) {
                callbacks.run(() -> listener.onException(exception));
            }
        }
    }

    /**
     * From now on a receive that is waiting when its connection breaks returns null, as Artemis' does, instead of
     * throwing the failure: only the connection can tell why it ended.
     */
    /** From now on a consumer created on a broken connection is made without the broker, dead, as lazy providers do. */
    public synchronized void createConsumersOffline() {
        consumersOffline = true;
    }

    /** From now on, consumers of that queue are refused with an {@code InvalidDestinationException}; nothing breaks. */
    public synchronized void refuseConsumersOn(String queue) {
        refusedQueues.add(queue);
    }

    /**
     * A point to {@link #holdNext hold} at that is not a call's name: a consumer's {@code setMessageListener} that took
     * effect, before it returns (the window after the last call of a rebuild, say).
     */
    public static final String LISTENER_SET = "setMessageListener returned";

    /** The next call of that JMS method name waits, before the broker sees it, until {@link #release}. */
    public void holdNext(String call) {
        holds.put(call, new Hold());
    }

    /** Waits until the held call of that name has arrived. */
    public void awaitHeld(String call) throws InterruptedException {
        if (!holds.get(call).reached.await(AWAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the held " + call + " never came");
        }
    }

    /** Lets the held call of that name go on. */
    public void release(String call) {
        holds.remove(call).released.countDown();
    }

    /** Called without the broker's lock, before a call that can be held. */
    void holdPoint(String call) {
        Hold hold = holds.get(call);
        if (hold != null && hold.reached.getCount() > 0) {
            hold.reached.countDown();
            try {
                hold.released.await(AWAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether a consumer on {@code c} is made offline; callers hold the lock. */
    boolean offline(FakeConnection c) {
        return consumersOffline && c.broken;
    }

    /** Refuses a consumer of a queue the broker does not have; callers hold the lock. */
    void checkConsumable(String source) throws JMSException {
        if (refusedQueues.contains(source)) {
            throw new javax.jms.InvalidDestinationException("the broker has no queue " + source);
        }
    }

    public synchronized void returnNullFromReceivesOnFailure() {
        nullFromBrokenReceives = true;
    }

    synchronized boolean receivesReturnNullOnFailure() {
        return nullFromBrokenReceives;
    }

    /** Everything in flight arrives and is confirmed, as the network delivers it in the end. */
    public synchronized void settle() {
        for (FakeConnection c : open) {
            flush(c);
        }
    }

    /**
     * The provider thread stops calling listeners until {@link #releaseCallbacks()}: callbacks arrive late, as from a
     * provider whose callback thread is busy.
     */
    public void holdCallbacks() {
        callbacks.hold();
    }

    public void releaseCallbacks() {
        callbacks.release();
    }

    // ---- what a test reads ----

    /** The texts stored on a queue, oldest first; the queue keeps them. */
    public synchronized List<String> texts(String queue) {
        List<String> texts = new ArrayList<>();
        for (FakeTextMessage m : messages.messages(queue)) {
            texts.add(m.text());
        }
        return texts;
    }

    /** Copies of the messages stored on a queue, oldest first, with the headers their send set. */
    public synchronized List<TextMessage> browse(String queue) {
        List<TextMessage> copies = new ArrayList<>();
        for (FakeTextMessage m : messages.messages(queue)) {
            copies.add(m.copy());
        }
        return copies;
    }

    /** Connect attempts so far, the refused and hanging ones included. */
    /** How many calls of that name ("createSession", "send"...) the application's connections made, connects aside. */
    public synchronized int calls(String call) {
        return calls.getOrDefault(call, 0);
    }

    public synchronized int connectAttempts() {
        return connectAttempts;
    }

    /** Connect attempts hanging now (see {@link #stallConnects()}). */
    public synchronized int stalledConnects() {
        return stalledConnects;
    }

    /** Calls refused so far because their connection was broken. */
    public synchronized int callsRefused() {
        return callsRefused;
    }

    /** Receives waiting for a message now. */
    public synchronized int receivesWaiting() {
        return receivesWaiting;
    }

    public synchronized int openConnections() {
        return open.size();
    }

    /** The user names the open connections were created with (null for none). */
    public synchronized List<String> users() {
        List<String> users = new ArrayList<>();
        for (FakeConnection c : open) {
            users.add(c.user);
        }
        return users;
    }

    /** The client IDs of the open connections. */
    public synchronized List<String> clientIds() {
        List<String> ids = new ArrayList<>();
        for (FakeConnection c : open) {
            ids.add(c.clientId);
        }
        return ids;
    }

    /** Waits, at most a few seconds, until the condition on the broker's state holds; rechecked on each change. */
    public synchronized void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AWAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Waits until the callbacks scheduled so far on the provider thread have run. */
    public void awaitCallbacks() {
        callbacks.await();
    }

    /** Ends the provider thread and lets hanging connects fail. */
    @Override
    public void close() {
        stayDown();
        callbacks.close();
    }

    // ---- for the objects of the fake's connections; callers hold the broker's lock (connect takes it) ----

    /** A connect of the factory: refused while down or scripted to fail, hanging while stalled. */
    synchronized FakeConnection connect(String call, String user) throws JMSException {
        connectAttempts++;
        notifyAll();
        Script.Fault fault = script.take(call);
        if (fault != null) {
            throw fault.kind == Script.Kind.THROW ? fault.thrown() : Failures.refused();
        }
        if (stalled) {
            // Counted and announced once on the way in and once on the way out: a hanging connect that announced each
            // wake-up would wake the other hanging connects, which would wake it again, and the pair would keep the
            // broker's lock from everyone else.
            stalledConnects++;
            notifyAll();
            try {
                while (stalled) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // as NIO does: the flag stays set
                throw Failures.lost(call, new ClosedByInterruptException());
            } finally {
                stalledConnects--;
                notifyAll();
            }
        }
        if (down) {
            throw Failures.refused();
        }
        FakeConnection c = new FakeConnection(this, user);
        open.add(c);
        return c;
    }

    /**
     * Before a call that needs the broker: a closed or broken connection, or the call's scripted fault, refuses it.
     *
     * @return a fault for {@link #end} to apply after the call took effect, or null
     */
    Script.Fault begin(FakeConnection c, String call) throws JMSException {
        calls.merge(call, 1, Integer::sum);
        checkOpen(c, call);
        Script.Fault fault = script.take(call);
        if (fault == null) {
            return null;
        }
        switch (fault.kind) {
            case THROW:
                throw fault.thrown();
            case BREAK_BEFORE:
                breakConnection(c, new IOException("Connection reset (scripted, before " + call + ")"));
                throw Failures.lost(call, c.failure);
            default:
                return fault;
        }
    }

    /** After a call took effect: a scripted lost reply breaks the connection now. */
    void end(FakeConnection c, String call, Script.Fault fault) throws JMSException {
        if (fault != null && fault.kind == Script.Kind.BREAK_AFTER) {
            breakConnection(c, new IOException("Connection reset (scripted, after " + call + ")"));
            throw Failures.lost(call, c.failure);
        }
    }

    /** A broken connection answers with its failure, also after a close (see {@link FakeConnection#close()}). */
    void checkOpen(FakeConnection c, String call) throws JMSException {
        if (c.broken) {
            callsRefused++;
            notifyAll();
            if (c.quiet) {
                throw new Failures.Closed();
            }
            throw Failures.lost(call, c.failure);
        }
        if (c.closed) {
            throw new javax.jms.IllegalStateException("the connection is closed");
        }
    }

    /**
     * From now on a crash reports the loss of a CompletionListener send as a bare {@code JMSException} ("send failed"),
     * which says neither application error nor connection failure, as some providers do.
     */
    public synchronized void reportSendFailuresWithoutCause() {
        sendFailuresWithoutCause = true;
    }

    /** The connection is gone: see the class comment for what is lost and what is redelivered. */
    void breakConnection(FakeConnection c, IOException cause) {
        if (c.broken || c.closed) {
            return;
        }
        c.broken = true;
        c.failure = cause;
        open.remove(c);
        for (FakeSession s : c.sessions) {
            s.connectionBroke();
        }
        List<PendingSend> lost = new ArrayList<>(c.inFlight);
        c.inFlight.clear();
        notifyAll();
        ExceptionListener listener = c.exceptionListener;
        if (listener != null && !c.quiet) {
            callbacks.run(() -> listener.onException(Failures.lost(null, cause)));
        }
        for (PendingSend p : lost) {
            if (p.completionListener != null) {
                JMSException failure = sendFailuresWithoutCause ? new JMSException("fake broker: send failed") : Failures.lost("send", cause);
                callbacks.run(() -> p.completionListener.onException(p.sent, failure));
            }
        }
    }

    /** A round trip on the connection: what it had in flight arrives, in order, and is confirmed. */
    void flush(FakeConnection c) {
        for (PendingSend p : c.inFlight) {
            store(p.destination, p.copy);
            if (p.completionListener != null) {
                callbacks.run(() -> p.completionListener.onCompletion(p.sent));
            }
        }
        c.inFlight.clear();
    }

    /** Stores a message and tells whoever waits for one. */
    void store(Destination destination, FakeTextMessage m) {
        if (messages.store(destination, m)) {
            notifyAll();
            dispatchLater();
        }
    }

    FakeTextMessage poll(String source) {
        return messages.poll(source);
    }

    /** Deliveries that were not acknowledged go back to the head of their queue, in order, marked redelivered. */
    void redeliver(List<Delivery> deliveries) {
        messages.redeliver(deliveries);
        if (!deliveries.isEmpty()) {
            notifyAll();
            dispatchLater();
        }
    }

    String subscribe(FakeTopic topic, String durableKey) {
        return messages.subscribe(topic, durableKey);
    }

    void unsubscribe(String key) {
        messages.unsubscribe(key);
    }

    /** Not announced with notifyAll, which would wake the other waiting receives in turn: {@link #await} polls. */
    void receiveWaits(int delta) {
        receivesWaiting += delta;
    }

    /** The application closed the connection. */
    void closed(FakeConnection c) {
        open.remove(c);
        notifyAll();
    }

    boolean clientIdInUse(String clientId) {
        for (FakeConnection c : open) {
            if (clientId.equals(c.clientId)) {
                return true;
            }
        }
        return false;
    }

    String nextMessageId() {
        return "ID:fake-" + ++ids;
    }

    /** Runs a listener on the provider's callback thread. */
    void callback(Runnable listener) {
        callbacks.run(listener);
    }

    /** Message listeners get what is waiting for them, on the provider thread. */
    void dispatchLater() {
        callback(this::dispatch);
    }

    private void dispatch() {
        while (true) {
            FakeConsumer consumer;
            Delivery delivery;
            FakeTextMessage message;
            synchronized (this) {
                consumer = listenerWithWork();
                if (consumer == null) {
                    return;
                }
                delivery = new Delivery(consumer.source, poll(consumer.source));
                message = consumer.session.delivered(delivery, false);
            }
            consumer.listener.onMessage(message);
            synchronized (this) {
                consumer.session.listenerReturned(delivery);
            }
        }
    }

    private FakeConsumer listenerWithWork() {
        for (FakeConnection c : open) {
            if (!c.started) {
                continue;
            }
            for (FakeSession s : c.sessions) {
                for (FakeConsumer consumer : s.consumers) {
                    if (consumer.listener != null && !messages.isEmpty(consumer.source)) {
                        return consumer;
                    }
                }
            }
        }
        return null;
    }
}
