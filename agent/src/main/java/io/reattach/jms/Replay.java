package io.reattach.jms;

import io.reattach.log.Causes;
import io.reattach.log.Log;

import java.lang.reflect.InvocationTargetException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Sends the confirmation window's entries again on the rebuilt provider objects, oldest first (which is also the
 * order within each session), before the new objects are switched in and waiting calls repeat. Entries of a
 * transaction that cannot be replayed (it received, or lost a send from the window) are dropped: its commit throws.
 * A replayed send that throws is decided as {@link FailureDetector} decides a call's exception, by the connection: when
 * the new connection fails the {@link ConnectionProbe} too, the attempt fails (the next one replays again); when it
 * answers, the broker refused that send (its destination is gone, say), and only that send is given up.
 */
final class Replay {

    private final ObjectNode root;
    private final SendBuffer buffer;
    private final Supplier<Messages> messages;
    private final DuplicateIds duplicateIds;
    private final CompletionCallbacks completions;
    private final TemporaryDestinations temps;
    /** {@code ConfirmationWindowSize} now, -1 when off. */
    private final LongSupplier window;
    private final String owner;

    Replay(ObjectNode root, SendBuffer buffer, Supplier<Messages> messages, DuplicateIds duplicateIds,
           CompletionCallbacks completions, TemporaryDestinations temps, LongSupplier window, String owner) {
        this.root = root;
        this.buffer = buffer;
        this.messages = messages;
        this.duplicateIds = duplicateIds;
        this.completions = completions;
        this.temps = temps;
        this.window = window;
        this.owner = owner;
    }

    /**
     * @param fresh the rebuilt provider objects of {@code newGeneration}
     * @param scope their temporary destinations: a send to (or replying to) one of an earlier connection goes to its stand-in
     * @throws Throwable a connection failure of the new connection: the attempt fails and the next one replays
     */
    void replay(Map<ObjectNode, Object> fresh, long newGeneration, TemporaryDestinations.Scope scope) throws Throwable {
        if (buffer.messages() == 0) {
            return;
        }
        Map<ObjectNode, Object> rebuilt = new IdentityHashMap<>();
        int count = 0;
        long bytes = 0;
        try {
            for (List<SendBuffer.Entry> batch = buffer.toReplay(newGeneration); !batch.isEmpty(); batch = buffer.toReplay(newGeneration)) {
                for (SendBuffer.Entry e : batch) {
                    if (send(e, fresh, rebuilt, newGeneration, scope)) {
                        buffer.replayed(e, newGeneration);
                        count++;
                        bytes += e.bytes;
                    }
                }
            }
        } finally {
            for (Map.Entry<ObjectNode, Object> r : rebuilt.entrySet()) {
                if (r.getKey().role.tracked()) {
                    Background.close(r.getValue()); // a producer the application had closed, rebuilt for the replay only
                }
            }
        }
        if (count > 0) {
            Log.info("{}: replayed {} unconfirmed send(s), {} bytes, in order; {}", owner, count, bytes,
                    buffer.describe(window.getAsLong(), duplicateIds.stamped()));
        }
    }

    /** Sends one entry again; false when it is settled instead (confirmed meanwhile, not replayable, refused). */
    private boolean send(SendBuffer.Entry e, Map<ObjectNode, Object> fresh, Map<ObjectNode, Object> rebuilt, long newGeneration,
                         TemporaryDestinations.Scope scope) throws Throwable {
        if (!buffer.contains(e)) {
            return false; // confirmed meanwhile
        }
        if (e.isTransacted() && !e.session.transaction.canReplay(window.getAsLong() >= 0)) {
            buffer.settle(e);
            return false;
        }
        Object target = target(e.sender, fresh, rebuilt, scope);
        Object session = e.session == null ? null : fresh.get(e.session);
        if (target == null || e.copy != null && session == null) {
            buffer.settle(e); // its session was closed: nothing to send it on
            return false;
        }
        if (e.duplicateId() != null) {
            duplicateIds.restampProducer(target, e.duplicateId());
        }
        try {
            Object[] args = e.argsFor(newGeneration);
            if (e.copy != null) {
                args = args == e.args ? e.args.clone() : args;
                args[e.messageIndex] = messages.get().rebuild(e.copy, session);
            }
            Object creator = session != null ? session : fresh.get(e.sender.session());
            args = temps.translateArgs(args, scope, creator);
            int messageIndex = messages.get().shape(e.method).messageIndex;
            if (messageIndex >= 0 && args[messageIndex] != null) {
                temps.translateReplyTo(messages.get(), args[messageIndex], scope, creator);
            }
            if (RabbitMqDestinations.applies(fresh.get(root))) {
                RabbitMqDestinations.declareAgain(args); // a send's own destination (a producer without one)
            }
            try {
                ConfirmedSends.call(target, e.method, args, e.asyncListenerFor(newGeneration));
            } catch (InvocationTargetException x) {
                throw x.getCause();
            }
            return true;
        } catch (Throwable f) {
            if (ConnectionProbe.check(fresh.get(root), root.role, owner) != null) {
                throw f;
            }
            Log.warn("{}: a send replayed after the reconnect was refused: {}", owner, Causes.summary(f));
            buffer.settle(e);
            completions.failed(e, f);
            return false;
        }
    }

    /** The provider object to replay a send on: the rebuilt producer, or one rebuilt now (JMSProducer, closed producer). */
    private static Object target(ObjectNode sender, Map<ObjectNode, Object> fresh, Map<ObjectNode, Object> rebuilt,
                                 TemporaryDestinations.Scope scope) throws Throwable {
        Object target = fresh.get(sender);
        if (target == null) {
            target = rebuilt.get(sender);
        }
        if (target == null) {
            Object parent = sender.parent == null ? null : fresh.get(sender.parent);
            if (parent == null) {
                return null;
            }
            target = sender.recipe.create(parent, scope);
            rebuilt.put(sender, target);
        }
        return target;
    }
}
