package io.reattach.jms;

import io.reattach.log.Log;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Before the agent's own connect attempt on an ActiveMQ Artemis factory: forgets the topology the factory's
 * {@code ServerLocator} cached from its last connection, when that topology names nothing but the factory's own
 * connectors. Provider-specific code (ARCHITECTURE.md lists all of it); reflective, so nothing is compiled against Artemis.
 *
 * <p>Why: a locator that has connected once keeps the topology the broker sent (its {@code topologyArray}). Its
 * {@code createSessionFactory} then tries two lists of connectors, the static ones and the topology's, one after the
 * other, and between the two it waits its own {@code retryInterval} (2 s by default; {@code factory.waitForRetry}
 * in {@code ServerLocatorImpl.createSessionFactory}, Artemis 2.44). A non-clustered broker's topology is one member
 * whose connector is the very one the client connected with, so while the broker is down every failed
 * {@code createConnection} tries the same address twice, 2 s apart, and the agent's attempts are that much further
 * apart than {@code ReconDelay} says. After {@code resetToInitialConnectors()} the locator behaves as it did before
 * its first connection: one pass over its static connectors, no wait; the next connection that works receives the
 * topology again.
 *
 * <p>Only a topology that adds nothing is forgotten: no HA, no discovery group, no backup, every member's connector
 * the same (same factory, same parameters) as one of the static connectors, so that no connect goes anywhere else
 * than it would have gone. Anything else (a cluster whose members the client learnt from the topology, a live/backup
 * pair) keeps its topology and today's behaviour, said once in the log. A reflective failure (another Artemis
 * version) is logged once and turns this off: the factory is then used as it is.
 */
final class ArtemisTopologyReset {

    private static final String FACTORY = "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory";

    private static volatile boolean broken;
    private static final Set<String> EXPLAINED = ConcurrentHashMap.newKeySet();

    private ArtemisTopologyReset() {
    }

    /** Called on the agent's thread just before it calls {@code factory} for a (re)connect attempt. */
    static void beforeAttempt(Object factory) {
        if (broken || factory == null || !isArtemisFactory(factory.getClass())) {
            return;
        }
        try {
            Object locator = call(factory, "getServerLocator");
            Object topology = locator == null ? null : call(locator, "getTopology");
            Collection<?> members = topology == null ? null : (Collection<?>) call(topology, "getMembers");
            if (members == null || members.isEmpty()) {
                return; // nothing cached (never connected, or forgotten already): the locator does not wait
            }
            String keep = reasonToKeep(locator, members);
            if (keep != null) {
                if (EXPLAINED.add(keep)) {
                    Log.info("ActiveMQ Artemis factory {}: its cached topology is kept ({}); a failed connect attempt "
                            + "waits the factory's retryInterval", factory.getClass().getName(), keep);
                }
                return;
            }
            call(locator, "resetToInitialConnectors");
            Log.debug("ActiveMQ Artemis factory {}: forgot its cached topology (its own connectors only) before a connect attempt",
                    factory.getClass().getSimpleName());
        } catch (Throwable t) {
            broken = true;
            Log.internalError("resetting the cached topology of an ActiveMQ Artemis factory (" + factory.getClass().getName()
                    + "); its failed connect attempts wait its retryInterval", t);
        }
    }

    /** Null when the topology names only the static connectors; otherwise why it must stay. */
    private static String reasonToKeep(Object locator, Collection<?> members) throws Exception {
        if (Boolean.TRUE.equals(call(locator, "isHA"))) {
            return "HA";
        }
        if (call(locator, "getDiscoveryGroupConfiguration") != null) {
            return "discovery group";
        }
        Object[] statics = (Object[]) call(locator, "getStaticTransportConfigurations");
        if (statics == null || statics.length == 0) {
            return "no static connectors";
        }
        for (Object member : members) {
            if (call(member, "getBackup") != null) {
                return "a backup in the topology";
            }
            if (!isStatic(call(member, "getPrimary"), statics)) {
                return "a topology member that is not one of the factory's connectors";
            }
        }
        return null;
    }

    private static boolean isStatic(Object connector, Object[] statics) throws Exception {
        if (connector == null) {
            return false;
        }
        Method same = connector.getClass().getMethod("isSameParams", connector.getClass());
        for (Object s : statics) {
            if (s != null && s.getClass() == connector.getClass() && Boolean.TRUE.equals(same.invoke(connector, s))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isArtemisFactory(Class<?> c) {
        for (; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(FACTORY)) {
                return true;
            }
        }
        return false;
    }

    private static Object call(Object target, String method) throws Exception {
        return target.getClass().getMethod(method).invoke(target);
    }
}
