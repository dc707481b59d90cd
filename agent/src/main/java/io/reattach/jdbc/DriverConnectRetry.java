package io.reattach.jdbc;

import io.reattach.bridge.JdbcHook;
import io.reattach.config.Settings;
import io.reattach.log.Log;
import io.reattach.policy.Clock;
import io.reattach.policy.ReconnectPolicy;
import io.reattach.policy.RetryLoop;
import io.reattach.policy.Sleeper;

import java.util.Properties;
import java.util.Random;

/**
 * The JDBC engine behind {@code io.reattach.bridge.JdbcBridge}: a driver's {@code connect} to a {@code JdbcTargets}
 * address that fails with a failure {@link ConnectFailureRule} calls "not connected" or "not ready" is made again on
 * the calling thread, on {@link RetryLoop} under the reconnect policy ({@code ReconDelay}, {@code ReconnectAttempts},
 * {@code MQReconnectTimeout} counted from that failure), until one attempt works, a failure is not worth another
 * (a wrong password once the server is back), or the policy ends; then the application gets the last outcome, the
 * driver's own connection or exception. Only the outermost connect on a thread is managed: a driver that wraps
 * another (a proxy or spy driver), and the agent's own attempts, are plain calls inside it.
 */
public final class DriverConnectRetry implements JdbcHook {

    /** Set on a thread while a managed connect (with its retries) runs there. */
    private static final ThreadLocal<Boolean> IN_CONNECT = new ThreadLocal<>();

    private final Clock clock;
    private final Sleeper sleeper;
    private final Random random = new Random();
    private volatile Config config;

    /** What a connect reads of the settings, one load of them. */
    private static final class Config {
        final boolean enabled;
        final JdbcTargets targets;
        final ReconnectPolicy policy;

        Config(Settings settings) {
            enabled = settings.reconnectEnabled();
            targets = new JdbcTargets(settings.jdbcTargets());
            policy = settings.reconnectPolicy();
        }
    }

    /** One managed connect, from {@link #enter} to {@link #exit}. */
    private static final class Call {
        /** A {@code java.sql.Driver}, a type this class does not name ({@link JavaSql}). */
        final Object driver;
        final String url;
        final Properties info;
        final ReconnectPolicy policy;

        Call(Object driver, String url, Properties info, ReconnectPolicy policy) {
            this.driver = driver;
            this.url = url;
            this.info = info;
            this.policy = policy;
        }
    }

    public DriverConnectRetry(Settings settings, Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.config = new Config(settings);
    }

    /** New settings for the next connect. */
    public void update(Settings settings) {
        config = new Config(settings);
    }

    @Override
    public Object enter(Object driver, String url, Properties info) {
        Config c = config;
        if (!c.enabled || !JavaSql.isDriver(driver) || IN_CONNECT.get() != null || !c.targets.matches(url)) {
            return null;
        }
        Call call = new Call(driver, url, info, c.policy);
        IN_CONNECT.set(Boolean.TRUE); // last: once set, exit must come, and nothing here can fail after it
        return call;
    }

    @Override
    public Object[] exit(Object call, Object connection, Throwable thrown) {
        Call c = (Call) call;
        try {
            if (thrown == null || !ConnectFailureRule.retryable(thrown, c.url)) {
                return null;
            }
            RetryLoop.Result<Object> r = retry(c, thrown);
            return r.succeeded() ? new Object[]{r.value(), null} : new Object[]{null, r.lastFailure()};
        } catch (Throwable t) {
            Log.internalError("retrying a JDBC connect", t);
            return null;
        } finally {
            IN_CONNECT.remove();
        }
    }

    private RetryLoop.Result<Object> retry(Call c, Throwable failure) {
        String what = "JDBC connect to " + show(c.url);
        Log.info("{} failed ({}); the database may be down or not ready: retrying", what, ConnectFailureRule.describe(failure));
        RetryLoop.Result<Object> r = RetryLoop.start(c.policy, clock, sleeper, random).run(failure,
                attempt -> JavaSql.connect(c.driver, c.url, c.info), f -> ConnectFailureRule.retryable(f, c.url), new RetryLoop.Listener() {
                    @Override
                    public void beforeWait(int attempt, long delayMillis, Throwable last) {
                        Log.debug("{}: attempt {} failed ({}); next attempt in {} ms", what, attempt, ConnectFailureRule.describe(last), delayMillis);
                    }
                });
        switch (r.outcome()) {
            case SUCCEEDED:
                Log.info("{}: connected after {} attempt(s) in {} ms", what, r.attempts() + 1, r.elapsedMillis());
                break;
            case INTERRUPTED:
                Thread.currentThread().interrupt(); // the application's interrupt, for the application to see
                break;
            case GAVE_UP:
                Log.warn("{}: giving up after {} attempt(s) in {} ms ({}): {}", what, r.attempts() + 1, r.elapsedMillis(), c.policy,
                        ConnectFailureRule.describe(r.lastFailure()));
                break;
            default:
                Log.info("{}: attempt {} failed with a failure that is not retried: {}", what, r.attempts() + 1,
                        ConnectFailureRule.describe(r.lastFailure()));
        }
        return r;
    }

    /** The URL's kind and addresses only: a URL may carry a user and password. */
    static String show(String url) {
        StringBuilder b = new StringBuilder("jdbc:").append(JdbcUrl.subprotocol(url)).append("://");
        String sep = "";
        for (JdbcUrl.Address a : JdbcUrl.addresses(url)) {
            b.append(sep).append(a);
            sep = ",";
        }
        return b.toString();
    }
}
