package io.reattach.jms;

import io.reattach.log.Causes;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * What an exception alone says about a failed factory call (a first {@code createConnection}/{@code createContext}):
 * the broker is unreachable (retry it under the policy) or the application's own error (bad credentials, client ID,
 * URL: it fails as without the agent). Only there, where no connection exists yet that could be asked, is the
 * exception's class and cause chain all there is to go by. Once a connection exists, {@link FailureDetector} decides by
 * the connection itself, never by these names.
 */
enum FailureKind {
    /** The application's own error: bad destination, selector, credentials, message, client ID... */
    APPLICATION,
    /** The connection to the broker is gone. */
    CONNECTION,
    /** A plain JMSException or IllegalStateException that says neither: the connection must be probed. */
    UNKNOWN;

    /** Exceptions (simple names, "Runtime" removed) that are the application's doing, whatever their cause. */
    private static final Set<String> APPLICATION_ERRORS = new HashSet<>(Arrays.asList(
            "InvalidDestinationException", "InvalidSelectorException", "JMSSecurityException",
            "MessageFormatException", "MessageNotReadableException", "MessageNotWriteableException",
            "InvalidClientIDException", "TransactionInProgressException", "TransactionRolledBackException",
            "MessageEOFException", "ResourceAllocationException"));

    /** Words in provider exception class names that mean the transport is gone. */
    private static final String[] DISCONNECT_WORDS = {
            "NotConnected", "ConnectionFailed", "Disconnected", "ConnectionLost", "TransportDisposed",
            "ProviderClosed", "ProviderConnectionFailed", "ConnectionTimedOut", "ConnectionTimeout",
            "ConnectionRestart", "SessionCreationException", "ProviderIO",
            "UnBlocked"}; // Artemis: "Connection failure detected. Unblocking a blocking call that will never get a response"

    /**
     * An application error type wins over its cause: the RabbitMQ client reports a wrong password as a
     * {@code JMSSecurityException} caused by an {@code IOException} (its authentication failure), and retrying it for
     * {@code MQReconnectTimeout} would only delay the failure the application gets without the agent at once.
     */
    static FailureKind of(Throwable failure) {
        if (isApplicationError(failure)) {
            return APPLICATION;
        }
        if (causedByTransport(failure)) {
            return CONNECTION;
        }
        return isJmsFailure(failure) ? UNKNOWN : APPLICATION;
    }

    /**
     * The same for a connect that failed (a factory call): there, a timeout means that the broker did not answer the
     * connect, a connection failure, also where the provider's exception says no more than "timed out" (Qpid JMS:
     * {@code JmsOperationTimedOutException}, "Timed out while waiting to connect").
     */
    static FailureKind ofConnect(Throwable failure) {
        FailureKind kind = of(failure);
        return kind == UNKNOWN && timedOut(failure) ? CONNECTION : kind;
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable t : Causes.chain(failure)) {
            String name = t.getClass().getSimpleName();
            if (name.contains("TimedOut") || name.contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the exception is of a JMS type that names an application error (JMSSecurityException, ...), whatever its cause. */
    static boolean isApplicationError(Throwable failure) {
        for (Class<?> c = failure.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (Operation.isJms(c) && APPLICATION_ERRORS.contains(c.getSimpleName().replace("RuntimeException", "Exception"))) {
                return true;
            }
        }
        return false;
    }

    /** An I/O error or a provider's disconnect exception anywhere in the cause chain (linked exceptions included). */
    static boolean causedByTransport(Throwable failure) {
        for (Throwable t : Causes.chain(failure)) {
            if (t instanceof IOException && !(t instanceof java.io.InterruptedIOException && !(t instanceof java.net.SocketTimeoutException))) {
                return true;
            }
            String name = t.getClass().getName();
            for (String word : DISCONNECT_WORDS) {
                if (name.contains(word)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isJmsFailure(Throwable failure) {
        for (Class<?> c = failure.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (Operation.isJms(c)) {
                return true;
            }
        }
        return false;
    }
}
