package io.reattach.status;

import org.junit.jupiter.api.Test;

import javax.management.MBeanRegistration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connections' beans reach the platform MBean server in the background, never on the application's thread. */
class StatusRegistryTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @Test
    void aConnectionIsListedAtOnceAndItsBeanIsRegisteredByTheStatusThread() throws Exception {
        String[] registeredBy = new String[1];
        StatusRegistry.register(connection(1001, "CONNECTED", registeredBy));

        assertTrue(StatusRegistry.connections().stream().anyMatch(c -> c.getId() == 1001));
        awaitTrue(() -> isRegistered(1001));
        assertEquals("reattach-status", registeredBy[0]);
    }

    @Test
    void beyondTwentyClosedConnectionsTheOldestLeaveTheServer() throws Exception {
        for (int id = 2001; id <= 2001 + StatusRegistry.CLOSED_KEPT; id++) {
            StatusRegistry.register(connection(id, "CLOSED", new String[1]));
        }
        awaitTrue(() -> isRegistered(2001 + StatusRegistry.CLOSED_KEPT) && !isRegistered(2001));
        assertTrue(isRegistered(2002));
    }

    private static boolean isRegistered(int id) {
        try {
            return SERVER.isRegistered(new ObjectName(StatusRegistry.DOMAIN + ":type=Connection,id=" + id));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 10 s");
            Thread.sleep(10);
        }
    }

    /** A bean with an id and a state, answering defaults for every other attribute; it notes the registering thread. */
    private static ConnectionMXBean connection(int id, String state, String[] registeredBy) {
        return (ConnectionMXBean) Proxy.newProxyInstance(StatusRegistryTest.class.getClassLoader(),
                new Class<?>[]{ConnectionMXBean.class, MBeanRegistration.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getId":
                            return id;
                        case "getState":
                            return state;
                        case "preRegister":
                            registeredBy[0] = Thread.currentThread().getName();
                            return args[1];
                        case "hashCode":
                            return id;
                        case "equals":
                            return proxy == args[0];
                        case "toString":
                            return "connection " + id;
                        default:
                            Class<?> type = method.getReturnType();
                            return type == int.class ? (Object) 0 : type == long.class ? (Object) 0L : type == boolean.class ? (Object) false
                                    : type == String.class ? "" : null;
                    }
                });
    }
}
