package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The confirmation window of one managed connection ({@code ConfirmationWindowSize}): the sends whose outcome is not
 * known yet, in the order they were sent, so that {@link ManagedConnection} can send them again on the new connection
 * after a reconnect. An entry leaves the window when the send is confirmed (see ARCHITECTURE.md, "The send buffer"):
 * <ul>
 * <li>{@link Kind#ASYNC}, a send that returned before the broker confirmed it (non-persistent): by a later round trip
 * on the same provider connection (a synchronous send, a commit or rollback), since TCP keeps the order;</li>
 * <li>{@link Kind#COMPLETION}, a JMS 2.0 send with a {@code CompletionListener}: when the provider calls
 * {@code onCompletion};</li>
 * <li>{@link Kind#TRANSACTED}, a send in a transacted session: when that session commits or rolls back.</li>
 * </ul>
 * The window never holds more than its size (in estimated bytes, {@link MessageSize}): to make room for a new send,
 * the oldest entries are dropped from protection (counted, and logged once per episode); an entry of a transaction
 * that is dropped makes that transaction rollback-only should the connection fail before its commit.
 */
final class SendBuffer {

    enum Kind { ASYNC, COMPLETION, TRANSACTED }

    /** One send of unknown outcome. Fields other than the final ones are guarded by the buffer. */
    static final class Entry {
        final ManagedObject sender;
        /** The session (or context) the send belongs to; its order is the order of replay. */
        final ManagedObject session;
        final Method method;
        final Object[] args;
        /** COMPLETION becomes ASYNC when the provider completes a non-persistent send (see {@link #completed}). */
        Kind kind;
        final long bytes;
        /** The duplicate-detection id stamped on a JMSProducer send, or null; set again on the rebuilt JMSProducer. */
        String duplicateId;
        /** The message sent, for the application's CompletionListener when the send fails for good; may be null. */
        final Object message;
        /** The application's CompletionListener ({@link Kind#COMPLETION} only). */
        final Object applicationListener;
        /** A copy of the text message sent, rebuilt for the replay; then {@code args} hold null in its place. */
        Messages.Snapshot snapshot;
        int messageIndex = -1;
        /** Replays that failed with an exception that says neither application error nor connection failure. */
        int replayFailures;
        /** The application's listener has been called (success or failure): never again. */
        final AtomicBoolean finished = new AtomicBoolean();
        long sequence;
        /** The generation of the provider objects the send was last made on. */
        long generation;
        /** The provider call is still running (a COMPLETION entry joins the window before the call). */
        boolean inCall;
        boolean inWindow;
        /** The send call failed with the connection and is being made again by the application's thread. */
        volatile boolean retrying;

        Entry(ManagedObject sender, ManagedObject session, Method method, Object[] args, Kind kind, long bytes,
              String duplicateId, Object message, Object applicationListener) {
            this.sender = sender;
            this.session = session;
            this.method = method;
            this.args = args;
            this.kind = kind;
            this.bytes = bytes;
            this.duplicateId = duplicateId;
            this.message = message;
            this.applicationListener = applicationListener;
        }
    }

    private final String owner;
    /**
     * The entries in the order sent. An entry confirmed out of order (a completion, a commit) is only marked
     * ({@code inWindow = false}) and left for {@link #purge}: no hashing and no search on the send path.
     */
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    /** Entries in the window; read without the lock on the hot path of synchronous sends. */
    private volatile int size;
    private long bytes;
    private volatile long nextSequence;
    private long highWaterBytes;
    private long dropped;
    private long replayed;
    private long stamped;
    /** A drop was logged and the window has not been empty since: one log line per episode of a full window. */
    private boolean fullEpisode;

    SendBuffer(String owner) {
        this.owner = owner;
    }

    /**
     * Adds a send to the window, first dropping the oldest entries from protection if it would not fit. A send larger
     * than the whole window is not kept at all (and counted as dropped).
     *
     * @param inCall true when the provider call has not been made yet (COMPLETION: its callback may come before the
     *               call returns); {@link #endCall} follows
     */
    synchronized void add(Entry e, long generation, long window, boolean inCall) {
        e.generation = generation;
        e.inCall = inCall;
        if (e.bytes > window) {
            drop(e, window);
            return;
        }
        while (bytes + e.bytes > window && size > 0) {
            Entry oldest = entries.pollFirst();
            if (oldest.inWindow) {
                forget(oldest);
                drop(oldest, window);
            }
        }
        e.sequence = nextSequence++;
        e.inWindow = true;
        entries.addLast(e);
        bytes += e.bytes;
        size++;
        if (bytes > highWaterBytes) {
            highWaterBytes = bytes;
        }
    }

    private void drop(Entry e, long window) {
        dropped++;
        e.inWindow = false;
        if (e.kind == Kind.TRANSACTED && e.session != null) {
            e.session.transactionIncomplete();
        }
        if (!fullEpisode) {
            fullEpisode = true;
            Log.info("{}: the confirmation window ({} bytes) is full: the oldest unconfirmed sends are no longer kept for "
                    + "replay after a connection failure ({} so far; logged once until the window empties)", owner, window, dropped);
        }
    }

    synchronized void endCall(Entry e) {
        e.inCall = false;
    }

    /** A mark to take before a synchronous call: entries added before it are older than the call. */
    long mark() {
        return nextSequence;
    }

    /**
     * A round trip on the provider connection of {@code generation} completed (a synchronous send, a commit, a
     * rollback): every asynchronous send made on it before {@code mark} reached the broker.
     */
    void roundTrip(long mark, long generation) {
        if (size == 0) {
            return;
        }
        synchronized (this) {
            for (Entry e : entries) {
                if (e.sequence >= mark) {
                    break;
                }
                if (e.inWindow && e.kind == Kind.ASYNC && e.generation == generation && !e.inCall) {
                    forget(e);
                }
            }
            purge();
        }
    }

    /** The provider confirmed a send (CompletionListener.onCompletion), or the send is given up. */
    synchronized void remove(Entry e) {
        if (e.inWindow) {
            forget(e);
            purge();
        }
    }

    /**
     * The provider called onCompletion: a persistent send is confirmed; a non-persistent one stays until a later
     * round trip, because providers complete those when they hand them over, not when the broker has them.
     */
    synchronized void completed(Entry e, boolean persistent) {
        if (persistent) {
            remove(e);
        } else {
            e.kind = Kind.ASYNC;
        }
    }

    synchronized boolean contains(Entry e) {
        return e.inWindow;
    }

    /** The session committed or rolled back (or closed): its transaction's sends are settled. */
    synchronized void endTransaction(ManagedObject session) {
        removeIf(session, true);
    }

    /** The session closed: nothing of it will be sent again. */
    synchronized void forgetSession(ManagedObject session) {
        removeIf(session, false);
    }

    private void removeIf(ManagedObject session, boolean transactedOnly) {
        if (size == 0) {
            return;
        }
        for (Entry e : entries) {
            if (e.inWindow && e.session == session && (!transactedOnly || e.kind == Kind.TRANSACTED)) {
                forget(e);
            }
        }
        purge();
    }

    private void forget(Entry e) {
        e.inWindow = false;
        bytes -= e.bytes;
        size--;
    }

    /**
     * Drops the marked entries at the head, and compacts the whole deque when marked ones pile up behind a long-lived
     * entry (an open transaction), so that the deque stays within twice the window's entries plus a constant.
     */
    private void purge() {
        while (!entries.isEmpty() && !entries.peekFirst().inWindow) {
            entries.pollFirst();
        }
        if (entries.size() > 2 * size + 64) {
            entries.removeIf(e -> !e.inWindow);
        }
        if (size == 0) {
            fullEpisode = false;
        }
    }

    /** The entries to send again on the provider objects of {@code generation}, oldest first. */
    synchronized List<Entry> toReplay(long generation) {
        List<Entry> result = new ArrayList<>();
        for (Entry e : entries) {
            if (e.inWindow && e.generation < generation && !e.inCall) {
                result.add(e);
            }
        }
        return result;
    }

    synchronized void replayed(Entry e, long generation) {
        e.generation = generation;
        replayed++;
    }

    /** A send that the failure interrupted was made again after the reconnect: a replay too. */
    synchronized void resent() {
        replayed++;
    }

    /** Empties the window (the connection failed for good or closed); returns what was in it, oldest first. */
    synchronized List<Entry> clear() {
        List<Entry> all = new ArrayList<>();
        for (Entry e : entries) {
            if (e.inWindow) {
                forget(e);
                all.add(e);
            }
        }
        entries.clear();
        purge();
        return all;
    }

    synchronized void stamped() {
        stamped++;
    }

    synchronized long bytes() {
        return bytes;
    }

    int messages() {
        return size;
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

    synchronized long duplicatesStamped() {
        return stamped;
    }

    /** The counters, for the log lines that tests and operators read. */
    synchronized String describe(long window) {
        return "send buffer: " + size + " message(s), " + bytes + " bytes, high-water " + highWaterBytes
                + " of " + window + " bytes; replayed " + replayed + ", dropped from protection " + dropped
                + ", duplicate ids stamped " + stamped;
    }
}
