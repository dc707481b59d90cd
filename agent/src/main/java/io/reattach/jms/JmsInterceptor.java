package io.reattach.jms;

import io.reattach.bridge.JmsHook;
import io.reattach.config.Settings;
import io.reattach.log.Causes;
import io.reattach.log.Log;
import io.reattach.policy.Clock;
import io.reattach.policy.ReconnectPolicy;
import io.reattach.policy.RetryLoop;
import io.reattach.policy.Scheduler;
import io.reattach.policy.Sleeper;

import java.lang.reflect.Method;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The agent's side of the ConnectionFactory advice: turns the connection or context a factory returns into a
 * managed one, and retries a first connect that fails because the broker is down.
 */
public final class JmsInterceptor implements JmsHook {

    private volatile Settings settings;
    /** The settings in force, for each managed connection. */
    private final Supplier<Settings> current = new Current();
    private final Clock clock;
    private final Sleeper sleeper;
    private final Scheduler scheduler;
    private final Random random = new Random();

    public JmsInterceptor(Settings settings, Clock clock, Sleeper sleeper) {
        this(settings, clock, sleeper, Background.SCHEDULER);
    }

    /** With the waits between reconnect attempts on {@code scheduler} (tests: a clock they move). */
    JmsInterceptor(Settings settings, Clock clock, Sleeper sleeper, Scheduler scheduler) {
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.scheduler = scheduler;
    }

    /** New settings apply to the next decision of every connection (an outage keeps the policy it started with). */
    public void update(Settings newSettings) {
        this.settings = newSettings;
    }

    @Override
    public boolean enter(Object factory) {
        boolean outermost = FactoryCall.enterOutermost();
        if (outermost) {
            ProviderTuning.beforeFirstUse(factory, settings); // the provider reads its heartbeat settings at connect
        }
        return outermost;
    }

    @Override
    public Object[] exit(Object factory, Method method, Object[] args, Object result, Throwable thrown) {
        try {
            FactoryCall call = new FactoryCall(factory, method, args);
            Connect connect = new Connect(result, FactoryCall.outermostMark());
            if (thrown != null) {
                ConnectFeedback.failed(connect.mark, thrown, call.describe());
                RetryLoop.Result<Connect> retried = retryFirstConnect(call, thrown);
                if (retried == null) {
                    return null;
                }
                if (!retried.succeeded()) {
                    return new Object[]{null, retried.lastFailure()};
                }
                connect = retried.value();
            }
            Object managed = manage(call, connect);
            return managed == result && thrown == null ? null : new Object[]{managed, null};
        } catch (Throwable t) {
            Log.internalError(method.getName(), t);
            return null;
        } finally {
            FactoryCall.exitOutermost();
        }
    }

    /** A provider connection and the {@link ConnectFeedback} mark of the attempt that made it. */
    private static final class Connect {
        final Object connection;
        final ConnectFeedback.Mark mark;

        Connect(Object connection, ConnectFeedback.Mark mark) {
            this.connection = connection;
            this.mark = mark;
        }
    }

    private Object manage(FactoryCall call, Connect connect) {
        Object connection = connect.connection;
        if (connection == null || !settings.reconnectEnabled()) {
            return connection;
        }
        JmsApi api = JmsApi.of(connection);
        if (api == null || api.implementsType(connection, "XAConnection") || api.implementsType(connection, "XAJMSContext")) {
            return connection; // XA connections belong to a transaction manager's recovery: left alone
        }
        ManagedConnection managed = new ManagedConnection(api, call, connection, connect.mark, current, clock, sleeper, scheduler, random);
        Log.debug("{} is managed", managed.describe());
        return managed.proxy();
    }

    /** {@link #settings}, read at each use: a reload reaches the connections made before it. */
    private final class Current implements Supplier<Settings> {
        @Override
        public Settings get() {
            return settings;
        }
    }

    /**
     * A connection or context created while the broker is down waits and retries under the policy, as the
     * fail-over transports of ActiveMQ Classic and Qpid do. {@code InitialConnectAttempts} bounds the attempts,
     * counting the one that already failed.
     *
     * @return null to let the failure stand as it is, or how the retries ended
     */
    private RetryLoop.Result<Connect> retryFirstConnect(FactoryCall call, Throwable failure) {
        Settings current = settings;
        int allowed = current.initialConnectAttempts();
        if (!current.reconnectEnabled() || allowed == 1 || FailureKind.ofConnect(failure) != FailureKind.CONNECTION) {
            return null;
        }
        ReconnectPolicy policy = current.reconnectPolicy();
        if (allowed > 1) {
            int retries = allowed - 1;
            policy = policy.toBuilder().maxAttempts(policy.maxAttempts() == ReconnectPolicy.UNLIMITED ? retries : Math.min(retries, policy.maxAttempts())).build();
        }
        String what = call.describe();
        Log.info("{} failed ({}); the broker may be down: retrying", what, Causes.summary(failure));
        RetryLoop.Result<Connect> result = RetryLoop.start(policy, clock, sleeper, random).run(failure, attempt -> connectOnce(call),
                f -> FailureKind.ofConnect(f) == FailureKind.CONNECTION, new RetryLoop.Listener() {
                    @Override
                    public void beforeWait(int attempt, long delayMillis, Throwable last) {
                        Log.debug("{}: attempt {} in {} ms", what, attempt + 1, delayMillis);
                    }
                });
        switch (result.outcome()) {
            case SUCCEEDED:
                Log.info("{}: connected after {} attempt(s) in {} ms", what, result.attempts() + 1, result.elapsedMillis());
                break;
            case INTERRUPTED:
                Thread.currentThread().interrupt(); // the application's interrupt, for the application to see
                break;
            case GAVE_UP:
                Log.warn("{}: giving up after {} attempt(s) in {} ms: {}", what, result.attempts() + 1, result.elapsedMillis(),
                        Causes.summary(result.lastFailure()));
                break;
            default:
                break; // ABORTED: the failure is no longer the broker being down; the application gets it
        }
        return result;
    }

    /** One retry of a first connect; a failure after TCP reached the list's preferred address hands the preference on. */
    private static Connect connectOnce(FactoryCall call) throws Throwable {
        ConnectFeedback.Mark mark = ConnectFeedback.mark();
        try {
            return new Connect(call.callForAgent(), mark);
        } catch (Throwable t) {
            ConnectFeedback.failed(mark, t, call.describe());
            throw t;
        }
    }
}
