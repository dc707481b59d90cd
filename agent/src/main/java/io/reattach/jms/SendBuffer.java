package io.reattach.jms;

import io.reattach.log.Log;
import io.reattach.policy.Clock;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The confirmation window of one managed connection ({@code ConfirmationWindowSize}): the sends whose outcome is not
 * known yet, in the order they were sent, so that {@link Replay} can send them again after a reconnect. It owns the
 * send-confirmation protocol; an entry's state is private to it:
 * <ul>
 * <li>{@link #begin}/{@link #returned}: a send with a {@code CompletionListener} joins before the call (the callback
 * may come first) and leaves on {@link #completed};</li>
 * <li>{@link #add}: a send that returned before the broker confirmed it (non-persistent, {@link Kind#ASYNC}) leaves
 * at a later {@link #roundTrip} on the same provider connection, since TCP keeps the order; a send of a transaction
 * ({@link Kind#TRANSACTED}) at {@link #transactionEnded};</li>
 * <li>{@link #failed}: the call threw; the application's thread makes it again, or it is given up.</li>
 * </ul>
 * The window never holds more than its size in estimated bytes ({@link Messages}): to make room, the oldest entries are
 * dropped from protection (counted, and logged once per episode, at most once a minute); a dropped send of a
 * transaction makes that transaction rollback-only should the connection fail before its commit.
 *
 * <p>The path of every send ({@link #mark}, {@link #add}) takes the lock once and writes no volatile field: a volatile
 * write is a full memory fence, which waits for every store the send made before it.
 */
final class SendBuffer {

    enum Kind { ASYNC, COMPLETION, TRANSACTED }

    /** One send of unknown outcome: what to send again, and (private to the buffer) where it stands. */
    static final class Entry {
        final ObjectNode sender;
        /** The session (or context) the send belongs to; null when the sender has none. */
        final ObjectNode session;
        final Method method;
        /** The call's arguments; the message's slot is null when a {@link #copy} stands in for it. */
        final Object[] args;
        final long bytes;
        /** A copy of a text message, rebuilt on the new session for the replay; or null. */
        final TextMessageCopy copy;
        final int messageIndex;
        /** The message sent (for the application's CompletionListener), or null. */
        final Object message;
        /** The application's CompletionListener ({@link Kind#COMPLETION} only). */
        final Object applicationListener;
        /**
         * The agent's CompletionListener for one attempt of the send, bound to the generation it is made on: a late
         * report about an attempt on a dead connection must not be taken for one about the new connection.
         */
        private java.util.function.LongFunction<Object> listenerFactory;
        private int completionIndex = -1;
        private Kind kind;
        private String duplicateId;
        private long sequence;
        private long generation;
        /** Its slot in the {@link EntryRing}; it is in the window while that slot holds it. */
        int slot = -1;
        private boolean inCall;
        private boolean retrying;
        /** Taken by {@link #takeAll}: its caller fails it, in send order; a late report about it leaves it to that caller. */
        private boolean taken;
        private boolean finished;

        Entry(Kind kind, ObjectNode sender, ObjectNode session, Method method, Object[] args, long bytes,
              TextMessageCopy copy, int messageIndex, Object message, Object applicationListener) {
            this.kind = kind;
            this.sender = sender;
            this.session = session;
            this.method = method;
            this.args = args;
            this.bytes = bytes;
            this.copy = copy;
            this.messageIndex = messageIndex;
            this.message = message;
            this.applicationListener = applicationListener;
        }

        synchronized String duplicateId() {
            return duplicateId;
        }

        /** The duplicate-detection id of a JMSProducer send, stamped again on the producer rebuilt for the replay. */
        synchronized void duplicateId(String id) {
            duplicateId = id;
        }

        /**
         * Makes every attempt of this send report to a listener of its own ({@link CompletionTracker}): in
         * {@code args[index]}, or, with index -1, as a {@code JMSProducer}'s async listener ({@link #asyncListenerFor}).
         */
        void listenerPerAttempt(int index, java.util.function.LongFunction<Object> factory) {
            completionIndex = index;
            listenerFactory = factory;
        }

        /** The arguments for an attempt on the provider objects of {@code generation}. */
        Object[] argsFor(long generation) {
            if (listenerFactory == null || completionIndex < 0) {
                return args;
            }
            Object[] attempt = args.clone();
            attempt[completionIndex] = listenerFactory.apply(generation);
            return attempt;
        }

        /** The async listener for an attempt of a {@code JMSProducer} send the agent confirms, else null. */
        Object asyncListenerFor(long generation) {
            return listenerFactory == null || completionIndex >= 0 ? null : listenerFactory.apply(generation);
        }

        boolean isTransacted() {
            return kind == Kind.TRANSACTED;
        }

        /** Claims the one call of the application's CompletionListener; false when it was made already. */
        synchronized boolean finish() {
            if (finished) {
                return false;
            }
            finished = true;
            return true;
        }
    }

    private final String owner;
    /** The entries in the window, in the order sent: no hashing and no search on the send path. */
    private final EntryRing entries = new EntryRing();
    /** The sequence of the next entry; read without the lock by {@link #mark}, written under it without a fence. */
    private final AtomicLong nextSequence = new AtomicLong();
    private long highWaterBytes;
    private long dropped;
    private long replayed;
    /** The window dropped a send and has not been empty since: an episode of a full window. */
    private boolean fullEpisode;
    /** The least time between two lines about a full window ({@link #logFull}). */
    static final long FULL_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private final Clock clock;
    private boolean fullLogged;
    private long fullLoggedAt;
    private long fullEpisodesNotLogged;
    /** The application's close of a connection in an outage took the window ({@link #takeAllAtClose}). */
    private boolean closeTook;

    SendBuffer(String owner, Clock clock) {
        this.owner = owner;
        this.clock = clock;
    }

    /** A mark to take before a synchronous call: entries added before it are older than the call. */
    long mark() {
        return nextSequence.get();
    }

    /** A send with a CompletionListener, before the provider call: the callback may come before the call returns. */
    synchronized void begin(Entry e, long generation, long window) {
        e.inCall = true;
        e.retrying = false;
        add(e, generation, window);
    }

    /** The provider call of a {@link #begin}-ed send returned. */
    synchronized void returned(Entry e) {
        e.inCall = false;
    }

    /** The provider call threw; {@code retrying}: the application's thread makes the send again after the reconnect. */
    synchronized void failed(Entry e, boolean retrying) {
        e.retrying = retrying;
        e.inCall = false;
        settle(e);
    }

    /**
     * Adds a send that returned, first dropping the oldest entries from protection if it would not fit. A send larger
     * than the whole window is not kept at all (and counted as dropped).
     */
    synchronized void add(Entry e, long generation, long window) {
        e.generation = generation;
        if (e.bytes > window) {
            drop(e, e.isTransacted(), window);
            return;
        }
        while (entries.bytes() + e.bytes > window && entries.count() > 0) {
            boolean transacted = entries.oldestIsTransacted();
            drop(entries.removeOldest(), transacted, window);
        }
        long sequence = nextSequence.get();
        e.sequence = sequence;
        nextSequence.lazySet(sequence + 1);
        entries.add(e);
        highWaterBytes = Math.max(highWaterBytes, entries.bytes());
    }

    /** {@code transacted}: the caller says, so that dropping the oldest entry does not read it (see {@link EntryRing}). */
    private void drop(Entry e, boolean transacted, long window) {
        dropped++;
        if (transacted && e.session != null && e.session.transaction != null) {
            e.session.transaction.sendDropped();
        }
        if (!fullEpisode) {
            fullEpisode = true;
            logFull(window);
        }
    }

    /**
     * A new episode of a full window: logged, unless the last line about it is less than {@link #FULL_LOG_INTERVAL_NANOS}
     * old. An application that mixes persistent sends (each empties the window) with non-persistent ones fills it again
     * between every two, which would be a line each time.
     */
    private void logFull(long window) {
        long now = clock.nanoTime();
        if (fullLogged && now - fullLoggedAt < FULL_LOG_INTERVAL_NANOS) {
            fullEpisodesNotLogged++;
            return;
        }
        String since = fullEpisodesNotLogged == 0 ? ""
                : ", and it filled " + fullEpisodesNotLogged + " times more since the last line";
        Log.info("{}: the confirmation window ({} bytes) is full: the oldest unconfirmed sends are no longer kept for "
                + "replay after a connection failure ({} so far{}; logged when the window fills again after it was empty, "
                + "at most once a minute)", owner, window, dropped, since);
        fullLogged = true;
        fullLoggedAt = now;
        fullEpisodesNotLogged = 0;
    }

    /**
     * A round trip on the provider connection of {@code generation} completed (a synchronous send, a commit, a
     * rollback): every asynchronous send made on it before {@code mark} reached the broker.
     */
    synchronized void roundTrip(long mark, long generation) {
        for (int i = 0, n = entries.span(); i < n; i++) {
            Entry e = entries.at(i);
            if (e == null) {
                continue;
            }
            if (e.sequence >= mark) {
                break;
            }
            if (e.kind == Kind.ASYNC && e.generation == generation && !e.inCall) {
                entries.remove(e);
            }
        }
        emptied();
    }

    /**
     * The provider called onCompletion: a persistent send is confirmed; a non-persistent one stays until a later
     * round trip, because providers complete those when they hand them over, not when the broker has them.
     */
    synchronized void completed(Entry e, boolean persistent) {
        if (persistent) {
            settle(e);
        } else {
            e.kind = Kind.ASYNC;
        }
    }

    /** The send's outcome is known (confirmed, refused, or given up): it leaves the window. */
    synchronized void settle(Entry e) {
        if (entries.remove(e)) {
            emptied();
        }
    }

    /** Whether the send may still reach the broker: in the window, or being made again by the application's thread. */
    synchronized boolean isPending(Entry e) {
        return entries.contains(e) || e.retrying;
    }

    synchronized boolean contains(Entry e) {
        return entries.contains(e);
    }

    /** The session committed or rolled back: its transaction's sends are settled. */
    synchronized void transactionEnded(ObjectNode session) {
        removeIf(session, true);
    }

    /** The session closed: nothing of it will be sent again (closing also ends its transaction). */
    synchronized void sessionClosed(ObjectNode session) {
        removeIf(session, false);
    }

    private void removeIf(ObjectNode session, boolean transactedOnly) {
        for (int i = 0, n = entries.span(); i < n; i++) {
            Entry e = entries.at(i);
            if (e != null && e.session == session && (!transactedOnly || e.kind == Kind.TRANSACTED)) {
                entries.remove(e);
            }
        }
        emptied();
    }

    /** After entries left: an empty window ends the episode of a full one (its next drop is logged again). */
    private void emptied() {
        if (entries.count() == 0) {
            fullEpisode = false;
        }
    }

    /** The entries to send again on the provider objects of {@code generation}, oldest first. */
    synchronized List<Entry> toReplay(long generation) {
        List<Entry> result = new ArrayList<>();
        for (int i = 0, n = entries.span(); i < n; i++) {
            Entry e = entries.at(i);
            if (e != null && e.generation < generation && !e.inCall) {
                result.add(e);
            }
        }
        return result;
    }

    /** The entry was sent again on the provider objects of {@code generation}. */
    synchronized void replayed(Entry e, long generation) {
        e.generation = generation;
        replayed++;
    }

    /** A send that the failure interrupted was made again after the reconnect: a replay too. */
    synchronized void resent() {
        replayed++;
    }

    /**
     * A failure report about a send, decided not to be the connection's: settles the send and returns true when the
     * caller is to call its CompletionListener. False when another thread fails it with the rest of the window, in send
     * order: it was {@link #takeAll taken} already, or it is still in the window of a connection that the application
     * closed during an outage ({@code closedInOutage}), whose close takes it next. Without this, a report decided just
     * after such a close began called its listener before the close called those of older sends. A send that enters
     * the window after the close took it (one racing the close on another thread) is its reporter's to tell.
     */
    synchronized boolean settleFailed(Entry e, boolean closedInOutage) {
        if (e.taken || closedInOutage && !closeTook && entries.contains(e)) {
            return false;
        }
        settle(e);
        return true;
    }

    /**
     * Empties the window (the connection failed for good or closed during an outage); returns what was in it, oldest
     * first, for the caller to fail in that order ({@link CompletionCallbacks#failAll}).
     */
    synchronized List<Entry> takeAll() {
        return empty(true);
    }

    /** {@link #takeAll} by the application's close of a connection in an outage ({@link #settleFailed}). */
    synchronized List<Entry> takeAllAtClose() {
        closeTook = true;
        return takeAll();
    }

    /**
     * Empties the window of a connection the application closed while connected: the provider's close completed its
     * pending sends, and a report still on its way calls the send's CompletionListener itself.
     */
    synchronized void clear() {
        empty(false);
    }

    private List<Entry> empty(boolean take) {
        List<Entry> all = new ArrayList<>();
        for (int i = 0, n = entries.span(); i < n; i++) {
            Entry e = entries.at(i);
            if (e != null) {
                e.taken = take;
                all.add(e);
            }
        }
        entries.clearAll();
        emptied();
        return all;
    }

    synchronized long bytes() {
        return entries.bytes();
    }

    synchronized int messages() {
        return entries.count();
    }

    synchronized long highWaterBytes() {
        return highWaterBytes;
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized long replayedSends() {
        return replayed;
    }

    /** The counters, for the log lines operators read. */
    synchronized String describe(long window, long duplicatesStamped) {
        return "send buffer: " + entries.count() + " message(s), " + entries.bytes() + " bytes, high-water " + highWaterBytes
                + " of " + window + " bytes; replayed " + replayed + ", dropped from protection " + dropped
                + ", duplicate ids stamped " + duplicatesStamped;
    }
}
