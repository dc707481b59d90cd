package io.reattach.jms;

import io.reattach.config.Settings;
import io.reattach.log.Log;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Before a factory's first connection: turns on the provider's own heartbeat at the pace {@code StallTimeout} asks
 * ({@link StallTimings}), and, for ActiveMQ Artemis, its session re-attachment. It changes the application's factory
 * object (a URL option, a setter), only where the application did not choose a value itself: the application's own
 * choice wins. Reflective: nothing is compiled against a provider. A provider that is not known, or a call that
 * fails, leaves the factory as it is (logged once).
 *
 * <ul>
 * <li>Artemis: {@code clientFailureCheckPeriod} and {@code connectionTTL} when they still have Artemis's defaults
 * (30000, 60000); {@code confirmationWindowSize} (a quarter of {@code ConfirmationWindowSize}, {@link #artemisWindow}) and {@code reconnectAttempts=1}
 * when they still have theirs (-1, 0), unless {@code SessionReattach=NO}: the client then re-attaches by itself to the
 * session a broker kept through a network failure ({@link ArtemisReattach}). A factory already used (after an attach)
 * refuses setters: left as is.</li>
 * <li>ActiveMQ Classic: {@code wireFormat.maxInactivityDuration} (and its initial delay) added to a {@code tcp:},
 * {@code ssl:}, {@code nio:} or {@code auto:} broker URL that does not name it.</li>
 * <li>Qpid JMS: {@code amqp.idleTimeout} added to an {@code amqp:}, {@code amqps:}, {@code amqpws:} or
 * {@code amqpwss:} remote URI that does not name it.</li>
 * <li>RabbitMQ JMS: amqp-client's {@code requestedHeartbeat}, through the factory's one hook on the amqp-client
 * factory it builds for each connection ({@code amqpConnectionFactoryPostProcessor}); the application's own hook, if it
 * set one, still runs first, and a heartbeat it chose (other than amqp-client's default, 60 s) is kept.</li>
 * </ul>
 * A {@code failover:} or discovery URL is left alone: its nested URLs are the provider's own fail-over business.
 */
final class ProviderTuning {

    private static final String STRING = "java.lang.String";
    static final String ARTEMIS_FACTORY = "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory";
    static final String CLASSIC_FACTORY = "org.apache.activemq.ActiveMQConnectionFactory";
    static final String QPID_FACTORY = "org.apache.qpid.jms.JmsConnectionFactory";
    static final String RABBITMQ_FACTORY = "com.rabbitmq.jms.admin.RMQConnectionFactory";
    private static final int AMQP_CLIENT_DEFAULT_HEARTBEAT = 60;

    private static final List<String> OPENWIRE_SCHEMES = Arrays.asList("tcp", "ssl", "nio", "nio+ssl", "auto", "auto+ssl",
            "auto+nio", "auto+nio+ssl");
    private static final List<String> AMQP_SCHEMES = Arrays.asList("amqp", "amqps", "amqpws", "amqpwss");

    /**
     * Factories seen already, by identity (a provider's factory may define equals by its URL): each is tuned once,
     * before its first connection. The factories themselves are held weakly.
     */
    private static final Map<Integer, List<WeakReference<Object>>> SEEN = new HashMap<>();
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private ProviderTuning() {
    }

    /** Called on the application's factory call, before the provider runs it. */
    static void beforeFirstUse(Object factory, Settings settings) {
        if (factory == null || !settings.reconnectEnabled() || !firstTime(factory)) {
            return;
        }
        StallTimings timings = new StallTimings(settings.stallTimeoutMillis());
        try {
            List<String> done = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            if (is(factory, ARTEMIS_FACTORY)) {
                artemis(factory, timings, settings.sessionReattach() ? settings.confirmationWindowSize() : -1, done, kept);
            } else if (is(factory, CLASSIC_FACTORY) && timings.enabled()) {
                String inactivity = String.valueOf(timings.openWireInactivityMillis());
                url(factory, "BrokerURL", OPENWIRE_SCHEMES, done, kept, "wireFormat.maxInactivityDuration", inactivity,
                        "wireFormat.maxInactivityDurationInitalDelay", inactivity);
            } else if (is(factory, QPID_FACTORY) && timings.enabled()) {
                url(factory, "RemoteURI", AMQP_SCHEMES, done, kept, "amqp.idleTimeout", String.valueOf(timings.qpidIdleTimeoutMillis()));
            } else if (is(factory, RABBITMQ_FACTORY) && timings.enabled()) {
                rabbitMq(factory, timings.rabbitMqHeartbeatSeconds(), done);
            } else {
                return;
            }
            String line = factory.getClass().getName() + ": " + (done.isEmpty() ? "nothing set" : "set " + String.join(", ", done))
                    + " (" + timings + ", ConfirmationWindowSize=" + settings.confirmationWindowSize()
                    + (settings.sessionReattach() ? "" : ", SessionReattach=NO") + ")"
                    + (kept.isEmpty() ? "" : "; the application's own kept: " + String.join(", ", kept));
            if (LOGGED.add(line)) {
                Log.info("{}", line);
            }
        } catch (Throwable t) {
            Log.internalError("setting the heartbeat of " + factory.getClass().getName() + " (it keeps its own settings)", t);
        }
    }

    /**
     * Artemis: the heartbeat pair, and re-attachment through the client's own confirmation window; {@code window} -1
     * (no replay, or {@code SessionReattach=NO}): no re-attachment.
     */
    private static void artemis(Object factory, StallTimings timings, long window, List<String> done, List<String> kept) throws Throwable {
        if (timings.enabled()) {
            setIfDefault(factory, "ClientFailureCheckPeriod", "long", 30_000L, timings.artemisCheckPeriodMillis(), done, kept);
            setIfDefault(factory, "ConnectionTTL", "long", 60_000L, timings.artemisConnectionTtlMillis(), done, kept);
        }
        if (window > 0) {
            boolean ownWindow = !setIfDefault(factory, "ConfirmationWindowSize", "int", -1, artemisWindow(window), done, kept);
            if (!ownWindow) {
                setIfDefault(factory, "ReconnectAttempts", "int", 0, 1, done, kept);
            }
        }
    }

    /**
     * The Artemis client's own confirmation window for re-attachment: a quarter of {@code ConfirmationWindowSize}, at
     * least 64 KiB. The client keeps every command the broker has not confirmed, encoded, and the broker confirms each
     * window's worth; at the full size that cache held about as much heap again as the agent's window does (its copies),
     * 1.9 times the window in all for a 1 MiB window (BENCHMARKS.md, "Heap held by the window"). Re-attachment resends
     * whatever is cached, whatever its size; a smaller window only means a confirmation more often (one per 256 KiB
     * sent at the default, a few hundred messages).
     */
    static int artemisWindow(long window) {
        return (int) Math.min(Math.max(window / 4, 64 * 1024), Integer.MAX_VALUE);
    }

    /**
     * RabbitMQ: wraps the factory's hook on each amqp-client {@code ConnectionFactory} it makes: the application's own
     * hook first, then the heartbeat, unless that hook (or anything before it) chose one.
     */
    @SuppressWarnings("unchecked")
    private static void rabbitMq(Object factory, int heartbeatSeconds, List<String> done) throws Exception {
        java.lang.reflect.Field hook = field(factory.getClass(), "amqpConnectionFactoryPostProcessor");
        hook.setAccessible(true);
        Consumer<Object> own = (Consumer<Object>) hook.get(factory);
        factory.getClass().getMethod("setAmqpConnectionFactoryPostProcessor", Consumer.class)
                .invoke(factory, new RabbitMqHeartbeat(own, heartbeatSeconds));
        done.add("requestedHeartbeat=" + heartbeatSeconds + "s (unless the application's amqpConnectionFactoryPostProcessor chose one)");
    }

    /** RabbitMQ's hook on each amqp-client factory: the application's own hook, then the heartbeat if none was chosen. */
    private static final class RabbitMqHeartbeat implements Consumer<Object> {
        /** The application's hook, or null. */
        private final Consumer<Object> own;
        private final int heartbeatSeconds;

        RabbitMqHeartbeat(Consumer<Object> own, int heartbeatSeconds) {
            this.own = own;
            this.heartbeatSeconds = heartbeatSeconds;
        }

        @Override
        public void accept(Object amqpFactory) {
            if (own != null) {
                own.accept(amqpFactory);
            }
            try {
                Object chosen = amqpFactory.getClass().getMethod("getRequestedHeartbeat").invoke(amqpFactory);
                if (Integer.valueOf(AMQP_CLIENT_DEFAULT_HEARTBEAT).equals(chosen)) {
                    amqpFactory.getClass().getMethod("setRequestedHeartbeat", int.class).invoke(amqpFactory, heartbeatSeconds);
                }
            } catch (Throwable t) {
                Log.internalError("setting RabbitMQ's heartbeat (it keeps its own)", t);
            }
        }
    }

    private static java.lang.reflect.Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

    /** Sets a property that still has the provider's default; returns false when the application had set it. */
    private static boolean setIfDefault(Object factory, String property, String type, Object providerDefault, Object value,
                                        List<String> done, List<String> kept) throws Throwable {
        Object now = getter(property, type).call(factory);
        String name = Character.toLowerCase(property.charAt(0)) + property.substring(1);
        if (!providerDefault.equals(now)) {
            kept.add(name + "=" + now);
            return false;
        }
        setter(property, type).call(factory, value);
        done.add(name + "=" + value);
        return true;
    }

    /*
     * A factory's properties are read and set through ProviderMethod, not Class.getMethod: that would build the
     * reflection data of every public method of the factory class, hundreds on the ActiveMQ clients' factories,
     * loading every type they name, on the way of the application's first connection (and, on JDK 22 and later, each
     * Method.invoke first builds method handles of its own).
     */
    private static ProviderMethod getter(String property, String type) {
        return ProviderMethod.getter("get" + property, type);
    }

    private static ProviderMethod setter(String property, String type) {
        return new ProviderMethod("set" + property, new String[]{"void"}, type);
    }

    /** Adds options to the factory's URL property, unless its scheme is not {@code schemes} or it names them. */
    private static void url(Object factory, String property, List<String> schemes, List<String> done, List<String> kept,
                            String... keysAndValues) throws Throwable {
        String url = (String) getter(property, STRING).call(factory);
        if (url == null || !schemes.contains(UrlOptions.scheme(url))) {
            kept.add(property + " " + UrlOptions.shown(url) + " (not a single " + schemes.get(0) + " URL)");
            return;
        }
        String tuned = url;
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = keysAndValues[i];
            String given = UrlOptions.value(tuned, key);
            if (given != null) {
                kept.add(key + "=" + given);
            } else {
                tuned = UrlOptions.with(tuned, key, keysAndValues[i + 1]);
                done.add(key + "=" + keysAndValues[i + 1]);
            }
        }
        if (!tuned.equals(url)) {
            setter(property, STRING).call(factory, tuned);
        }
    }

    private static boolean firstTime(Object factory) {
        synchronized (SEEN) {
            Integer hash = System.identityHashCode(factory);
            List<WeakReference<Object>> bucket = SEEN.get(hash);
            if (bucket == null) {
                bucket = new ArrayList<>(1);
                SEEN.put(hash, bucket);
            }
            for (Iterator<WeakReference<Object>> seen = bucket.iterator(); seen.hasNext(); ) {
                Object f = seen.next().get();
                if (f == null) {
                    seen.remove();
                } else if (f == factory) {
                    return false;
                }
            }
            bucket.add(new WeakReference<>(factory));
            return true;
        }
    }

    /** Whether {@code o} is an instance of the provider class of that name (known by name: nothing is compiled against it). */
    static boolean is(Object o, String className) {
        return classNamed(o.getClass(), className) != null;
    }

    /** {@code type} or the superclass of it that has that name; null when none has. */
    static Class<?> classNamed(Class<?> type, String className) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return c;
            }
        }
        return null;
    }
}
