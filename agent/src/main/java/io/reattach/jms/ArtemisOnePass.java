package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.reflect.Method;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the agent's own connect attempt on an ActiveMQ Artemis factory one pass over every connector the factory
 * knows, without the factory's own waits. The only provider-specific code of the JMS engine; reflective, so nothing
 * is compiled against Artemis.
 *
 * <p>Why: a factory's {@code ServerLocator} tries its connectors one after the other inside one
 * {@code createConnection}: its static ones (the URL's) and, once it has connected, those of the topology the broker
 * sent (a backup, the members of a cluster, the brokers a discovery group found). Between two failed connectors it
 * waits its {@code retryInterval} (2 s by default; {@code factory.waitForRetry} in
 * {@code ServerLocatorImpl.createSessionFactory}, Artemis 2.44). Even a single broker's topology is a second list
 * (one member, the URL's own connector): every failed attempt of the agent waited 2 s, and with a primary/backup pair
 * or a cluster there is no topology that could be forgotten instead. So the agent's attempts were that much further
 * apart than {@code ReconDelay} says, and a broker that came back during the wait was found only at its end.
 *
 * <p>What it does: for the duration of the agent's call, the locator uses a copy of its configuration
 * ({@code ServerLocatorConfig}, which the locator reads when a {@code createSessionFactory} begins) whose
 * {@code retryInterval} is 0; the original object is put back when the call returns. Every connector is still tried,
 * in the locator's own order, and nothing else changes; the attempt ends when all have failed, because the locator's
 * {@code initialConnectAttempts} bounds its loop. Concurrent attempts of the agent on one locator share the copy;
 * the last to finish restores the original.
 *
 * <p>When it does not: a locator that retries without end ({@code initialConnectAttempts=-1}) would spin without the
 * wait, and one that reconnects or fails over by itself more than once ({@code reconnectAttempts} other than 0 or 1,
 * or {@code failoverAttempts} not 0) would give the connection made during the copy a zero interval between its own
 * retries. Those keep their waits, said once at INFO. One reconnect attempt, the re-attachment that
 * {@link ProviderTuning} turns on, never waits the interval (the client gives up after its first failed attempt), so
 * it does not stop the pass. A reflective failure (another Artemis version) is logged once and turns this off for the JVM. An
 * application's own {@code createConnection} on the same factory that runs while the copy is in place also tries its
 * connectors without waiting; it still tries every one of them.
 */
final class ArtemisOnePass {

    private static final String FACTORY = "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory";

    /** The agent's call on a factory, as {@link FactoryCall} makes it. */
    interface Call {
        Object run() throws Throwable;
    }

    /** A locator whose configuration is replaced now, and by how many of the agent's calls. */
    private static final class Swap {
        final Object original;
        int users;

        Swap(Object original) {
            this.original = original;
        }
    }

    private static volatile boolean broken;
    private static final Set<String> EXPLAINED = ConcurrentHashMap.newKeySet();
    /** Guarded by itself. Keyed by locator identity: the agent's calls in flight. */
    private static final Map<Object, Swap> SWAPPED = new IdentityHashMap<>();

    private ArtemisOnePass() {
    }

    /** Runs the agent's call on {@code factory}; an Artemis factory's locator does not wait between its connectors. */
    static Object run(Object factory, Call call) throws Throwable {
        Object locator = broken || factory == null || !ProviderTuning.is(factory, FACTORY) ? null : withoutWaits(factory);
        try {
            return call.run();
        } finally {
            if (locator != null) {
                restore(locator);
            }
        }
    }

    /** Puts the copy in place (or counts one more user of it); returns the locator, or null when it keeps its waits. */
    private static Object withoutWaits(Object factory) {
        try {
            Object locator = call(factory, "getServerLocator");
            if (locator == null) {
                return null;
            }
            synchronized (SWAPPED) {
                Swap swap = SWAPPED.get(locator);
                if (swap == null) {
                    Object config = call(locator, "getLocatorConfig");
                    if (config == null || config.getClass().getField("retryInterval").getLong(config) == 0) {
                        return null;
                    }
                    String keep = reasonToWait(config);
                    if (keep != null) {
                        if (EXPLAINED.add(keep)) {
                            Log.info("ActiveMQ Artemis factory {}: {}; its failed connect attempts wait its retryInterval "
                                    + "between connectors", factory.getClass().getName(), keep);
                        }
                        return null;
                    }
                    Object copy = config.getClass().getConstructor(config.getClass()).newInstance(config);
                    copy.getClass().getField("retryInterval").setLong(copy, 0L);
                    setConfig(locator, copy);
                    swap = new Swap(config);
                    SWAPPED.put(locator, swap);
                }
                swap.users++;
                return locator;
            }
        } catch (Throwable t) {
            broken = true;
            Log.internalError("removing the waits of an ActiveMQ Artemis factory's connect attempt (" + factory.getClass().getName()
                    + "); its failed connect attempts wait its retryInterval", t);
            return null;
        }
    }

    private static void restore(Object locator) {
        synchronized (SWAPPED) {
            Swap swap = SWAPPED.get(locator);
            if (swap == null || --swap.users > 0) {
                return;
            }
            SWAPPED.remove(locator);
            try {
                setConfig(locator, swap.original);
            } catch (Throwable t) {
                broken = true;
                Log.internalError("restoring the configuration of an ActiveMQ Artemis factory's locator", t);
            }
        }
    }

    /** Null when a zero interval is safe for this locator; otherwise why it keeps its waits. */
    private static String reasonToWait(Object config) throws ReflectiveOperationException {
        Class<?> c = config.getClass();
        if (c.getField("initialConnectAttempts").getInt(config) < 0) {
            return "it retries a connect by itself without end (initialConnectAttempts=-1)";
        }
        int reconnectAttempts = c.getField("reconnectAttempts").getInt(config);
        if (reconnectAttempts != 0 && reconnectAttempts != 1 || c.getField("failoverAttempts").getInt(config) != 0) {
            return "it reconnects by itself more than once (reconnectAttempts or failoverAttempts set)";
        }
        return null;
    }

    private static void setConfig(Object locator, Object config) throws ReflectiveOperationException {
        Method getter = locator.getClass().getMethod("getLocatorConfig");
        locator.getClass().getMethod("setLocatorConfig", getter.getReturnType()).invoke(locator, config);
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        return target.getClass().getMethod(method).invoke(target);
    }
}
