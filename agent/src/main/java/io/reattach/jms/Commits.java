package io.reattach.jms;

import io.reattach.log.Causes;
import io.reattach.log.Log;

import java.lang.reflect.Method;

/**
 * What a commit's failure means when the connection broke around it (called by {@link ManagedObject}): a transaction
 * lost with the connection throws at its commit; a replayed transaction whose commit the broker rejects as duplicates
 * had been committed already; a provider that turns the broken connection into a rollback is not believed.
 */
final class Commits {

    private Commits() {
    }

    /**
     * The commit of a transaction replayed after its first commit's answer was lost fails because the broker rejected
     * the replayed sends as duplicates (their duplicate-detection ids are those of the first attempt): the first commit
     * was done. The new session's transaction (only the rejected copies) is rolled back, and the commit returns.
     */
    static boolean doneBeforeTheFailure(ManagedConnection connection, ObjectNode node, Throwable failure) {
        Transaction transaction = node.transaction;
        if (transaction == null || !transaction.replayed() || !connection.duplicateIds.enabled() || !rejectedAsDuplicate(failure)) {
            return false;
        }
        try {
            Object session = node.currentDelegate();
            JmsApi.interfaceMethod(session, "rollback").invoke(session);
        } catch (Throwable ignored) {
            // the broker discards a transaction it refused to commit either way
        }
        transaction.ended();
        connection.buffer.transactionEnded(node);
        Log.info("{}: the broker had committed the transaction before the failure (its answer was lost) and "
                + "dropped the replayed copies as duplicates: the commit stands", connection.describe());
        return true;
    }

    /**
     * Artemis's duplicate-id rejection: its {@code ActiveMQDuplicateIdException}, or (through OpenWire or AMQP, whose
     * clients do not have that class) its name or message in another exception's message.
     */
    private static boolean rejectedAsDuplicate(Throwable failure) {
        for (Throwable t : Causes.chain(failure)) {
            String message = String.valueOf(t.getMessage());
            if (t.getClass().getSimpleName().contains("DuplicateId") || message.contains("DuplicateIdException")
                    || message.contains("Duplicate message detected")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A commit that says it rolled back: when the connection is broken (a probe asks), that is the failure, not the
     * transaction's (Qpid throws it for a commit on a failed connection).
     */
    static boolean rolledBack(Throwable failure) {
        for (Class<?> c = failure.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getSimpleName().startsWith("TransactionRolledBack")) {
                return true;
            }
        }
        return false;
    }

    /** A commit of a transaction lost with the connection rolls back what the new session holds, and throws. */
    static void throwIfLost(ManagedConnection connection, ObjectNode node, Method method) throws Throwable {
        Transaction transaction = node.transaction;
        boolean workAfterLoss = transaction != null && transaction.workAfterLoss();
        if (transaction == null || !transaction.takeLost()) {
            return;
        }
        connection.buffer.transactionEnded(node);
        // Only work done on the new session is rolled back there. Without any, a rollback would only race the new
        // consumers' first deliveries (the Artemis client, with its confirmation window, can then deliver a message
        // twice); and the broker never saw anything of the lost transaction to roll back.
        if (workAfterLoss) {
            try {
                Object session = node.currentDelegate();
                JmsApi.interfaceMethod(session, "rollback").invoke(session);
            } catch (Throwable ignored) {
                // the transaction is rolled back either way: the broker never saw a commit
            }
        }
        throw connection.api.exception(method.getExceptionTypes().length == 0 ? "TransactionRolledBackRuntimeException" : "TransactionRolledBackException",
                "Reattach: the transaction was rolled back because the connection to the broker failed before commit; "
                        + "its messages were not sent and received messages will be redelivered",
                "TRANSACTION_ROLLED_BACK", connection.state.lastFailure());
    }
}
