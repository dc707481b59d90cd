package io.reattach.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The one walk along a failure's causes. It follows {@code getCause()} and, where a provider links instead of
 * chaining (JMS 1.1 style, ActiveMQ Classic), {@code JMSException.getLinkedException()}; it stops at a cycle.
 */
public final class Causes {

    private Causes() {
    }

    /** The failure and its causes, outermost first. */
    public static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = next(t)) {
            chain.add(t);
        }
        return chain;
    }

    /** The innermost cause (the failure itself when it has none). */
    public static Throwable root(Throwable failure) {
        List<Throwable> chain = chain(failure);
        return chain.get(chain.size() - 1);
    }

    /** {@code SimpleName: message} of the failure, and of its root cause when that is another exception. */
    public static String summary(Throwable failure) {
        if (failure == null) {
            return "none";
        }
        Throwable root = root(failure);
        String s = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return root == failure ? s : s + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /** {@code SimpleName: message} of the root cause alone. */
    public static String rootMessage(Throwable failure) {
        Throwable root = root(failure);
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static Throwable next(Throwable t) {
        if (t.getCause() != null) {
            return t.getCause();
        }
        try {
            Object linked = t.getClass().getMethod("getLinkedException").invoke(t);
            return linked instanceof Throwable ? (Throwable) linked : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not a JMSException
        }
    }
}
