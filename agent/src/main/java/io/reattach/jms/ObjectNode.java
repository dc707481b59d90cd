package io.reattach.jms;

import io.reattach.log.Log;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One object of an application connection's tree (the connection or context itself, a session, producer, consumer,
 * browser) as the reconnect sees it: its role, how to build it again, the provider object that serves it now and the
 * generation of that object. The proxy the application holds ({@link ManagedObject}) reads the node; the rebuild
 * ({@link TreeRebuild}) writes it.
 */
final class ObjectNode {

    private static final int CLIENT_ACKNOWLEDGE = 2;

    final Role role;
    final ObjectNode parent;
    final Recipe recipe;
    /** The open transaction of a transacted session or context; null for every other object. */
    final Transaction transaction;
    /** A session or context in CLIENT_ACKNOWLEDGE mode: its received messages are wrapped ({@link ReceivedMessage}). */
    final boolean clientAcknowledge;
    /** Tracked children (see {@link Role#tracked}), rebuilt with this node. */
    final List<ObjectNode> children = new CopyOnWriteArrayList<>();

    private volatile Object delegate;
    private volatile long generation;
    private volatile boolean closed;
    /** What the application last did: started, stopped, or neither (a JMSContext may start itself). */
    private volatile Boolean started;
    /** A session's provider session as Artemis names it ({@link ArtemisReattach}); null for other providers. */
    private volatile String providerSessionName;

    ObjectNode(Role role, ObjectNode parent, Recipe recipe, Object delegate, long generation) {
        this.role = role;
        this.parent = parent;
        this.recipe = recipe;
        this.delegate = delegate;
        this.generation = generation;
        boolean transacted = role.isSession() && Boolean.TRUE.equals(callQuietly(delegate, "getTransacted"));
        this.transaction = transacted ? new Transaction() : null;
        this.clientAcknowledge = role.isSession() && !transacted && Integer.valueOf(CLIENT_ACKNOWLEDGE)
                .equals(callQuietly(delegate, role == Role.CONTEXT ? "getSessionMode" : "getAcknowledgeMode"));
        rememberProviderSession();
    }

    private void rememberProviderSession() {
        if (role.isSession()) {
            providerSessionName = ArtemisReattach.sessionName(delegate);
        }
    }

    String providerSessionName() {
        return providerSessionName;
    }

    /** A child created by the application on this node's provider object; tracked ones are rebuilt with this node. */
    ObjectNode adopt(Role childRole, Recipe childRecipe, Object childDelegate) {
        ObjectNode child = new ObjectNode(childRole, this, childRecipe, childDelegate, generation);
        if (childRole.tracked()) {
            children.add(child);
        }
        return child;
    }

    Object delegate() {
        return delegate;
    }

    long generation() {
        return generation;
    }

    boolean isClosed() {
        return closed;
    }

    /** The application started it (and did not stop it since). */
    boolean isStarted() {
        return Boolean.TRUE.equals(started);
    }

    /** The application stopped it (and did not start it since). */
    boolean isStopped() {
        return Boolean.FALSE.equals(started);
    }

    void started(boolean value) {
        started = value;
    }

    /** Closed by the application, with everything under it; closed objects are not rebuilt. */
    void markClosed() {
        closed = true;
        for (ObjectNode child : children) {
            child.markClosed();
        }
        if (parent != null && role.tracked()) {
            parent.children.remove(this);
        }
    }

    /** The nearest session or context at or above this node, or null. */
    ObjectNode session() {
        for (ObjectNode n = this; n != null; n = n.parent) {
            if (n.role.isSession()) {
                return n;
            }
        }
        return null;
    }

    /**
     * The provider object to call. An object older than its parent's current provider object is rebuilt here, from
     * the parent's: a JMSProducer (never tracked), or an object created on a dead parent while the reconnect was
     * rebuilding the tree. Only older: the switch-over moves children before their parents (see
     * {@link Reconnector}), so a call racing it may meet a child newer than its parent, which is already rebuilt.
     */
    Object currentDelegate() throws Throwable {
        if (parent != null && !closed && generation < parent.generation) {
            Object parentDelegate = parent.currentDelegate();
            synchronized (this) {
                long parentGeneration = parent.generation;
                if (generation < parentGeneration) {
                    delegate = recipe.create(parentDelegate);
                    generation = parentGeneration;
                    rememberProviderSession();
                }
            }
        }
        return delegate;
    }

    /**
     * From now on calls go to {@code fresh}. The open transaction is either replayed (it only sent, and the window
     * held all of it) or lost: its commit throws.
     */
    void switchTo(Object fresh, long newGeneration, boolean windowOn) {
        delegate = fresh;
        generation = newGeneration;
        rememberProviderSession();
        if (transaction != null) {
            transaction.connectionReplaced(windowOn);
        }
    }

    private static Object callQuietly(Object target, String method) {
        try {
            return JmsApi.interfaceMethod(target, method).invoke(target);
        } catch (Throwable t) {
            Log.debug("{}.{}() failed: {}", target.getClass().getSimpleName(), method, t.toString());
            return null;
        }
    }
}
