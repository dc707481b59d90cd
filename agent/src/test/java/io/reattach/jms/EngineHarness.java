package io.reattach.jms;

import io.reattach.config.ConfigException;
import io.reattach.config.Environment;
import io.reattach.config.SettingsLoader;
import io.reattach.jms.fake.FakeBroker;
import io.reattach.jms.fake.FakeConnectionFactory;
import io.reattach.policy.ManualTime;

import javax.jms.Connection;
import javax.jms.ExceptionListener;
import javax.jms.JMSContext;
import javax.jms.JMSException;
import javax.jms.Message;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine as an application with the agent sees it: a {@link FakeBroker}, the engine's entry point
 * ({@link JmsInterceptor}) called as the woven ConnectionFactory advice calls it, settings from agent arguments
 * only, and time that passes only when the engine sleeps ({@link ManualTime}). Tests use nothing of the engine
 * but this entry point, so that they hold for any rewrite of its internals.
 */
final class EngineHarness implements AutoCloseable {

    /** How long a test waits for something that should happen in microseconds: only a broken engine waits this long. */
    static final long PATIENCE_MILLIS = 5_000;
    private static final String APPLICATION_THREAD = "application-call";

    private static final Method CREATE_CONNECTION = factoryMethod("createConnection");
    private static final Method CREATE_CONNECTION_AS = factoryMethod("createConnection", String.class, String.class);
    private static final Method CREATE_CONTEXT = factoryMethod("createContext", int.class);

    final FakeBroker broker = new FakeBroker();
    final ManualTime time = new ManualTime();
    private final FakeConnectionFactory factory = broker.connectionFactory();
    private final JmsInterceptor interceptor;
    private final Path dir;
    private final Environment env;
    /** The connections and contexts the test created, closed at the end. */
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, APPLICATION_THREAD);
        t.setDaemon(true);
        return t;
    });

    private EngineHarness(String agentArgs) throws IOException, ConfigException {
        // An empty working directory and home: neither the developer's ~/mqclient.ini nor -Dreattach.* leaks in.
        dir = Files.createTempDirectory("reattach-engine-test");
        env = Environment.of(Collections.emptyMap(), Collections.emptyMap(),
                Files.createDirectory(dir.resolve("work")), Files.createDirectory(dir.resolve("home")));
        interceptor = new JmsInterceptor(SettingsLoader.load(agentArgs, env), time, time, time);
    }

    /** @param agentArgs settings as after {@code -javaagent:reattach-agent.jar=}, e.g. {@code "ReconnectAttempts=3"} */
    static EngineHarness start(String agentArgs) throws IOException, ConfigException {
        return new EngineHarness(agentArgs);
    }

    /** New settings, as a live reload or a second attach hands them down. */
    void update(String agentArgs) throws ConfigException {
        interceptor.update(SettingsLoader.load(agentArgs, env));
    }

    /** {@code factory.createConnection()} in an application with the agent: the managed connection, or the failure. */
    Connection createConnection() throws JMSException {
        return create(CREATE_CONNECTION, new Object[0], factory::createConnection);
    }

    Connection createConnection(String user, String password) throws JMSException {
        return create(CREATE_CONNECTION_AS, new Object[]{user, password}, () -> factory.createConnection(user, password));
    }

    /** {@code factory.createContext(sessionMode)} in an application with the agent: the managed context, or the failure. */
    JMSContext createContext(int sessionMode) {
        try {
            return create(CREATE_CONTEXT, new Object[]{sessionMode}, () -> factory.createContext(sessionMode));
        } catch (JMSException e) {
            throw new AssertionError("createContext throws unchecked exceptions only", e);
        }
    }

    /** What the advice does around the factory method: enter, the provider's own call, exit with its outcome. */
    private <T extends AutoCloseable> T create(Method method, Object[] args, Callable<T> providerCall) throws JMSException {
        if (!interceptor.enter(factory)) {
            throw new AssertionError("the interceptor took a call of the application for one of its own");
        }
        Object result = null;
        Throwable thrown = null;
        try {
            result = providerCall.call();
        } catch (Throwable t) {
            thrown = t;
        }
        Object[] outcome = interceptor.exit(factory, method, args, result, thrown);
        if (outcome != null) {
            result = outcome[0];
            thrown = (Throwable) outcome[1];
        }
        if (thrown instanceof JMSException) {
            throw (JMSException) thrown;
        }
        if (thrown instanceof RuntimeException) {
            throw (RuntimeException) thrown;
        }
        if (thrown != null) {
            throw new AssertionError("the factory threw " + thrown, thrown);
        }
        @SuppressWarnings("unchecked") T created = (T) result;
        opened.add(created);
        return created;
    }

    /** Makes an application call on another thread: one that should wait during an outage. */
    <T> Future<T> inBackground(Callable<T> call) {
        return background.submit(call);
    }

    /** The result of a call made {@link #inBackground}, or the exception it threw, as thrown. */
    static <T> T result(Future<T> call) throws Exception {
        try {
            return call.get(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the application's call is still waiting", e);
        }
    }

    /**
     * Waits until the engine has no work in progress: no thread runs the engine's code but the test's own, the
     * application's calls made {@link #inBackground} and the provider's callback thread. A reconnect the engine
     * started is over by then, its events included. A thread idle in a pool counts as done.
     */
    void awaitReconnectsOver() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MILLIS);
        for (Thread busy = busyEngineThread(); busy != null; busy = busyEngineThread()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the engine is still busy on " + busy.getName() + ": " + Arrays.toString(busy.getStackTrace()));
            }
            busy.join(10);
        }
    }

    private static Thread busyEngineThread() {
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            Thread t = thread.getKey();
            if (t == Thread.currentThread() || t.getName().equals(APPLICATION_THREAD) || t.getName().equals(FakeBroker.CALLBACK_THREAD)) {
                continue;
            }
            for (StackTraceElement frame : thread.getValue()) {
                String c = frame.getClassName();
                if (c.startsWith("io.reattach.jms.") && !c.startsWith("io.reattach.jms.fake.")) {
                    return t;
                }
            }
        }
        return null;
    }

    /** The reconnect attempts made so far: every connect after the application's first. */
    int reconnectAttempts() {
        return broker.connectAttempts() - 1;
    }

    /** Closes what the test left open, so that no reconnect outlives it, then the broker. */
    @Override
    public void close() throws IOException {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                // the test is over; what matters is that the engine stops
            }
        }
        background.shutdownNow();
        broker.close();
        Files.delete(dir.resolve("work"));
        Files.delete(dir.resolve("home"));
        Files.delete(dir);
    }

    private static Method factoryMethod(String name, Class<?>... parameters) {
        try {
            return FakeConnectionFactory.class.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(Message m) {
        try {
            return m == null ? null : m.getBody(String.class);
        } catch (JMSException e) {
            throw new AssertionError(e);
        }
    }

    /** The application's ExceptionListener: what it got, in order. */
    static final class Events implements ExceptionListener {
        private final BlockingQueue<JMSException> received = new LinkedBlockingQueue<>();
        private final List<JMSException> all = new CopyOnWriteArrayList<>();

        @Override
        public void onException(JMSException e) {
            all.add(e);
            received.add(e);
        }

        /** The next event, waiting for it a little. */
        JMSException next() throws InterruptedException {
            JMSException e = received.poll(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new AssertionError("no event reached the ExceptionListener; it had " + codes());
            }
            return e;
        }

        /** The error codes of everything received so far. */
        List<String> codes() {
            List<String> codes = new ArrayList<>();
            for (JMSException e : all) {
                codes.add(e.getErrorCode());
            }
            return codes;
        }

        List<JMSException> all() {
            return all;
        }
    }
}
