package io.reattach.jms;

import io.reattach.bridge.JmsHook;
import io.reattach.config.Settings;
import io.reattach.log.Log;
import io.reattach.policy.Backoff;
import io.reattach.policy.Clock;
import io.reattach.policy.ReconnectPolicy;
import io.reattach.policy.Sleeper;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The agent's side of the ConnectionFactory advice: turns the connection or context a factory returns into a
 * managed one, and retries a first connect that fails because the broker is down.
 */
public final class JmsInterceptor implements JmsHook {

    /** Set while a factory call is in progress on this thread, including the agent's own reconnect calls. */
    private static final ThreadLocal<Boolean> IN_FACTORY_CALL = new ThreadLocal<>();

    private volatile Settings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Random random = new Random();

    public JmsInterceptor(Settings settings, Clock clock, Sleeper sleeper) {
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    Settings settings() {
        return settings;
    }

    /** New settings apply to the next reconnect decision of every connection. */
    public void update(Settings newSettings) {
        this.settings = newSettings;
    }

    Clock clock() {
        return clock;
    }

    Random random() {
        return random;
    }

    Sleeper sleeper() {
        return sleeper;
    }

    @Override
    public boolean enter() {
        if (IN_FACTORY_CALL.get() != null) {
            return false;
        }
        IN_FACTORY_CALL.set(Boolean.TRUE);
        return true;
    }

    @Override
    public Object[] exit(Object factory, Method method, Object[] args, Object result, Throwable thrown) {
        try {
            Object connection = result;
            Throwable failure = thrown;
            if (failure != null) {
                Object[] retried = retryFirstConnect(factory, method, args, failure);
                if (retried == null) {
                    return null;
                }
                connection = retried[0];
                failure = (Throwable) retried[1];
                if (failure != null) {
                    return retried;
                }
            }
            Object managed = manage(factory, method, args, connection);
            return managed == result && failure == thrown ? null : new Object[]{managed, null};
        } catch (Throwable t) {
            Log.internalError(method.getName(), t);
            return null;
        } finally {
            IN_FACTORY_CALL.remove();
        }
    }

    /**
     * Calls a factory method for the agent itself (a reconnect, or the retry of a first connect): the call is not
     * managed again. An Artemis factory first forgets a cached topology that would make a failed attempt wait.
     */
    Object callFactory(Object factory, Method method, Object[] args) throws Throwable {
        boolean outermost = IN_FACTORY_CALL.get() == null;
        IN_FACTORY_CALL.set(Boolean.TRUE);
        try {
            ArtemisTopologyReset.beforeAttempt(factory);
            return method.invoke(factory, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            if (outermost) {
                IN_FACTORY_CALL.remove();
            }
        }
    }

    private Object manage(Object factory, Method method, Object[] args, Object connection) {
        Settings current = settings;
        if (connection == null || !current.reconnectEnabled()) {
            return connection;
        }
        JmsApi api = JmsApi.of(connection);
        if (api == null || api.implementsType(connection, "XAConnection") || api.implementsType(connection, "XAJMSContext")) {
            return connection; // XA connections belong to a transaction manager's recovery: left alone
        }
        ManagedConnection managed = new ManagedConnection(this, api, factory, method, args, connection);
        Log.debug("{} is managed", managed.describe());
        return managed.proxy();
    }

    /**
     * A connection or context created while the broker is down waits and retries under the policy, as the
     * fail-over transports of ActiveMQ Classic and Qpid do. {@code InitialConnectAttempts} bounds the attempts,
     * counting the one that already failed.
     *
     * @return null to let the failure stand as it is, or {@code {connection, null}} / {@code {null, lastFailure}}
     */
    private Object[] retryFirstConnect(Object factory, Method method, Object[] args, Throwable failure) {
        Settings current = settings;
        int allowed = current.initialConnectAttempts();
        if (!current.reconnectEnabled() || allowed == 1 || FailureKind.of(failure) != FailureKind.CONNECTION) {
            return null;
        }
        ReconnectPolicy policy = current.reconnectPolicy();
        if (allowed > 1) {
            int retries = allowed - 1;
            policy = policy.toBuilder().maxAttempts(policy.maxAttempts() == ReconnectPolicy.UNLIMITED ? retries : Math.min(retries, policy.maxAttempts())).build();
        }
        Backoff backoff = policy.start(clock, random);
        String what = factory.getClass().getSimpleName() + "." + method.getName();
        Log.info("{} failed ({}); the broker may be down: retrying", what, ManagedConnection.summary(failure));
        Throwable last = failure;
        while (true) {
            long delay = backoff.nextDelayMillis();
            if (delay == Backoff.STOP) {
                Log.warn("{}: giving up after {} attempt(s) in {} ms: {}", what, backoff.attempts() + 1, backoff.elapsedMillis(), ManagedConnection.summary(last));
                return new Object[]{null, last};
            }
            Log.debug("{}: attempt {} in {} ms", what, backoff.attempts() + 1, delay);
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Object[]{null, last};
            }
            try {
                Object connection = callFactory(factory, method, args);
                Log.info("{}: connected after {} attempt(s) in {} ms", what, backoff.attempts() + 1, backoff.elapsedMillis());
                return new Object[]{connection, null};
            } catch (Throwable t) {
                last = t;
                if (FailureKind.of(t) != FailureKind.CONNECTION) {
                    return new Object[]{null, t};
                }
            }
        }
    }
}
