package io.reattach.jms;

import io.reattach.log.Causes;
import io.reattach.log.Log;
import io.reattach.net.AddressList;

/**
 * What a JMS connect tells {@code ConnectionNameList}. The socket engine sees only TCP: an address that accepts the
 * connection stays preferred, also when what listens there never becomes a JMS connection (a broker that is starting,
 * a backup that is not active, anything that accepts and does not answer). The JMS engine sees the connect fail: when
 * a connect reached the preferred address over TCP during the attempt ({@link Mark}) and the attempt then failed as a
 * connection, the preference is handed on ({@link AddressList#failed}), as a refused connect hands it on.
 *
 * <p>"The attempt" is a reconnect attempt (the factory call and the tree built on the new connection), a first connect
 * and its retries, and, since some providers connect lazily (ActiveMQ Classic answers {@code createConnection} before
 * the broker has said a word), the time until a generation's connection has proven itself: a session, a start, a send,
 * a commit or a received message. A generation that fails before that counts as a failed connect.
 *
 * <p>The list is the JVM's and its counts are shared: with connections of other lists or none reconnecting at the
 * same moment, a connect of theirs can be taken for one of this attempt's. The harm is bounded by the list's own rule:
 * the preference moves once, and an address that works becomes preferred again at its next connect.
 */
final class ConnectFeedback {

    /** The list in force and how many connects had reached each of its addresses when an attempt began. */
    static final class Mark {
        final AddressList list;
        final long[] reached;

        private Mark(AddressList list, long[] reached) {
            this.list = list;
            this.reached = reached;
        }
    }

    /** A generation whose connection has not proven itself yet, and the mark of the attempt that made it. */
    private static final class Unproven {
        final Mark mark;
        final long generation;

        Unproven(Mark mark, long generation) {
            this.mark = mark;
            this.generation = generation;
        }
    }

    private final String owner;
    private volatile Unproven unproven;

    ConnectFeedback(String owner) {
        this.owner = owner;
    }

    /** Taken before a connect attempt; null without a {@code ConnectionNameList} (then nothing is ever handed on). */
    static Mark mark() {
        return mark(AddressList.inForce());
    }

    static Mark mark(AddressList list) {
        return list == null ? null : new Mark(list, list.reachCounts());
    }

    /**
     * The attempt that began at {@code mark} failed. When a connect reached the list's preferred address meanwhile and
     * the failure is not the application's (a bad password stays a bad password on every broker), that address hands
     * the preference on.
     */
    static void failed(Mark mark, Throwable failure, String who) {
        if (mark == null || FailureKind.of(failure) == FailureKind.APPLICATION) {
            return;
        }
        AddressList list = mark.list;
        int p = list.preferred();
        if (p < mark.reached.length && list.reachedSince(mark.reached, p) && list.failed(p)) {
            Log.info("{}: {} accepted the TCP connection but the JMS connect failed ({}); the next connect starts with {}"
                    + " (ConnectionNameList)", who, list.get(p), Causes.summary(failure), list.get(list.preferred()));
        }
    }

    /** The connection of {@code generation} exists; {@code mark} null when it has proven itself already. */
    void connected(Mark mark, long generation) {
        unproven = mark == null ? null : new Unproven(mark, generation);
    }

    /** A call that needs the broker worked: from now on a failure is the failure of a connection, not of a connect. */
    void proven() {
        if (unproven != null) {
            unproven = null;
        }
    }

    /** The connection of {@code generation} failed; before it had proven itself, that is a failed connect. */
    void generationFailed(long generation, Throwable failure) {
        Unproven u = unproven;
        if (u != null && u.generation == generation) {
            unproven = null;
            failed(u.mark, failure, owner);
        }
    }
}
