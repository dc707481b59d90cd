package io.reattach.jms;

import io.reattach.config.Settings;
import io.reattach.log.Causes;
import io.reattach.log.Log;
import io.reattach.policy.ReconnectEvent;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Supplier;

/**
 * The listener chain of one application connection. The provider connection gets the agent's own
 * ExceptionListener, which reports every failure to {@link ProviderFailures}; the application's listener is kept
 * aside and gets the events that {@code ExceptionListenerEvents} lets through, and the provider's reports of the
 * application's own errors.
 */
final class ExceptionListeners {

    /** Where the agent's listener on a provider connection reports what it hears, with that connection and its generation. */
    interface ProviderFailures {
        void reported(long generation, Object providerConnection, Throwable failure);
    }

    private final JmsApi api;
    private final Supplier<Settings> settings;
    private final String owner;
    private volatile Object application;
    private volatile boolean installed;

    ExceptionListeners(JmsApi api, Supplier<Settings> settings, String owner) {
        this.api = api;
        this.settings = settings;
        this.owner = owner;
    }

    void setApplicationListener(Object listener) {
        application = listener;
    }

    Object applicationListener() {
        return application;
    }

    /** Whether the agent's listener is on the first provider connection yet (it is installed lazily, see below). */
    boolean installed() {
        return installed;
    }

    /**
     * Puts the agent's listener on a provider connection. On the first connection this waits until the first call
     * that is not {@code setClientID}: some providers allow a client ID only as the very first call.
     */
    void install(Object providerConnection, long generation, ProviderFailures sink) {
        try {
            Method set = JmsApi.interfaceMethod(providerConnection, "setExceptionListener", api.load("ExceptionListener"));
            set.invoke(providerConnection, api.listener("ExceptionListener", new AgentListener(sink, generation, providerConnection)));
            installed = true;
        } catch (Throwable t) {
            Log.internalError("installing the exception listener on " + providerConnection.getClass().getName(), t);
        }
    }

    /** The agent's ExceptionListener on one provider connection: hands every exception to {@link ProviderFailures}. */
    private static final class AgentListener implements InvocationHandler {
        private final ProviderFailures sink;
        private final long generation;
        private final Object providerConnection;

        AgentListener(ProviderFailures sink, long generation, Object providerConnection) {
            this.sink = sink;
            this.generation = generation;
            this.providerConnection = providerConnection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            if (method.getDeclaringClass() == Object.class) {
                return JmsApi.objectMethod(proxy, method, args);
            }
            sink.reported(generation, providerConnection, (Throwable) args[0]);
            return null;
        }
    }

    /** Tells the application about a reconnect event, if {@code ExceptionListenerEvents} lets it through. */
    void emit(ReconnectEvent event, Throwable cause) {
        if (application == null || !settings.get().exceptionListenerEvents().contains(event)) {
            return;
        }
        deliver(api.exception("JMSException", "Reattach: " + owner + ": " + event, event.name(), cause));
    }

    /** Hands an exception to the application's listener, as the provider would have. */
    void deliver(Throwable exception) {
        Object listener = application;
        if (listener == null) {
            return;
        }
        try {
            Class<?> jmsException = api.load("JMSException");
            Object reported = jmsException.isInstance(exception) ? exception
                    : api.exception("JMSException", exception.toString(), null, exception); // onException takes only that
            JmsApi.interfaceMethod(listener, "onException", jmsException).invoke(listener, reported);
        } catch (InvocationTargetException e) {
            Log.warn("{}: the application's ExceptionListener threw {}", owner, Causes.summary(e.getCause()));
        } catch (Throwable t) {
            Log.internalError("calling the application's ExceptionListener", t);
        }
    }
}
