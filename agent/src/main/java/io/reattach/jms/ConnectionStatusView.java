package io.reattach.jms;

import io.reattach.status.ConnectionMXBean;
import io.reattach.status.StatusRegistry;
import io.reattach.status.Times;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.regex.Pattern;

/**
 * A {@link ManagedConnection} as JMX shows it. Holds the connection weakly: a connection the application dropped
 * without closing it is collected as it would be without the agent, and then shows as CLOSED.
 */
final class ConnectionStatusView implements ConnectionMXBean {

    /** Factory getters that give the broker URL: ActiveMQ Classic, Qpid JMS, ActiveMQ Artemis. */
    private static final String[] URL_GETTERS = {"getBrokerURL", "getRemoteURI", "toURI", "getUri"}; // getUri: RabbitMQ

    /** Compiled when a target is first shown, not with the application's first connection. */
    private static final class UrlParts {
        /** {@code user:password@} in a URL. */
        static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/@(),]*@");
        /** URL options, which may carry a user, a password or a key store password. */
        static final Pattern OPTIONS = Pattern.compile("\\?[^(),]*");
    }

    private final WeakReference<ManagedConnection> connection;
    private final int id;
    private final String type;
    private final String provider;
    private final String user;
    /** Asked of the factory when first shown, not per connection created: Artemis' toURI() is not cheap. */
    private volatile String target;
    private final long created = System.currentTimeMillis();

    private ConnectionStatusView(ManagedConnection c) {
        this.connection = new WeakReference<>(c);
        this.id = c.id;
        this.type = c.type();
        this.provider = c.factory().getClass().getName();
        String u = c.userName();
        this.user = u == null ? "" : u;
    }

    static void register(ManagedConnection c) {
        try {
            StatusRegistry.register(new ConnectionStatusView(c));
        } catch (Throwable t) {
            io.reattach.log.Log.internalError("describing a connection for the status", t);
        }
    }

    /** The factory's broker URL without user information and options; empty when the provider does not say. */
    static String target(Object factory) {
        for (String getter : URL_GETTERS) {
            try {
                Method m = factory.getClass().getMethod(getter);
                Object url = m.invoke(factory);
                if (url != null) {
                    return sanitize(url.toString());
                }
            } catch (Throwable ignored) {
                // not this provider's getter
            }
        }
        return "";
    }

    static String sanitize(String url) {
        return UrlParts.OPTIONS.matcher(UrlParts.USER_INFO.matcher(url).replaceAll("")).replaceAll("");
    }

    @Override
    public int getId() {
        return id;
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public String getState() {
        ManagedConnection c = connection.get();
        return c == null ? ConnectionState.State.CLOSED.name() : c.stateNow().name();
    }

    @Override
    public String getTarget() {
        String t = target;
        if (t == null) {
            ManagedConnection c = connection.get();
            t = c == null ? "" : target(c.factory());
            target = t;
        }
        return t;
    }

    @Override
    public String getProvider() {
        return provider;
    }

    @Override
    public String getUser() {
        return user;
    }

    @Override
    public int getReconnects() {
        ManagedConnection c = connection.get();
        return c == null ? 0 : c.reconnects();
    }

    @Override
    public String getLastFailure() {
        ManagedConnection c = connection.get();
        Throwable t = c == null ? null : c.lastFailure();
        return t == null ? "" : io.reattach.log.Causes.summary(t);
    }

    @Override
    public String getLastFailureTime() {
        ManagedConnection c = connection.get();
        return c == null ? "" : Times.format(c.lastFailureMillis());
    }

    @Override
    public String getCreated() {
        return Times.format(created);
    }

    @Override
    public long getBufferedBytes() {
        ManagedConnection c = connection.get();
        return c == null ? 0 : c.bufferedBytes();
    }

    @Override
    public int getBufferedMessages() {
        ManagedConnection c = connection.get();
        return c == null ? 0 : c.bufferedMessages();
    }

    @Override
    public long getBufferHighWaterBytes() {
        ManagedConnection c = connection.get();
        return c == null ? 0 : c.bufferHighWaterBytes();
    }

    @Override
    public int getReattaches() {
        ManagedConnection c = connection.get();
        return c == null ? 0 : c.reattaches();
    }

    @Override
    public long getDroppedFromProtection() {
        ManagedConnection c = connection.get();
        return c == null ? 0 : c.droppedFromProtection();
    }

    @Override
    public long getReplayedSends() {
        ManagedConnection c = connection.get();
        return c == null ? 0 : c.replayedSends();
    }

    @Override
    public long getDuplicatesStamped() {
        ManagedConnection c = connection.get();
        return c == null ? 0 : c.duplicatesStamped();
    }
}
