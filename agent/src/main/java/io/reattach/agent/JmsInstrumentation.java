package io.reattach.agent;

import io.reattach.bridge.ReattachBridge;
import io.reattach.config.Settings;
import io.reattach.jms.ConnectionFactoryAdvice;
import io.reattach.jms.JmsInterceptor;
import io.reattach.log.Log;
import io.reattach.policy.Clock;
import io.reattach.policy.Sleeper;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.ClassFileTransformer;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * The Byte Buddy side, loaded only when the first class that mentions JMS appears: weaves
 * {@link ConnectionFactoryAdvice} into every ConnectionFactory of either namespace and connects the bridge to
 * the engine.
 */
final class JmsInstrumentation {
    private JmsInstrumentation() {
    }

    static ClassFileTransformer create(Settings settings) {
        ReattachBridge.jms = new JmsInterceptor(settings, Clock.system(), Sleeper.system());
        Log.info("Reattach {} manages JMS connections{}: {}", io.reattach.cli.Version.get(),
                settings.configFile() == null ? "" : " (settings from " + settings.configFile() + ")", settings.reconnectPolicy());
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new ErrorListener())
                .ignore(nameStartsWith("io.reattach."))
                .type(not(isInterface()).and(hasSuperType(namedOneOf(
                        "javax.jms.ConnectionFactory", "javax.jms.QueueConnectionFactory", "javax.jms.TopicConnectionFactory",
                        "jakarta.jms.ConnectionFactory", "jakarta.jms.QueueConnectionFactory", "jakarta.jms.TopicConnectionFactory"))))
                .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(ConnectionFactoryAdvice.class)
                        .on(isMethod().and(namedOneOf("createConnection", "createQueueConnection", "createTopicConnection", "createContext"))
                                .and(not(isAbstract())).and(not(isStatic())))))
                .makeRaw();
    }

    static void update(Settings settings) {
        if (ReattachBridge.jms instanceof JmsInterceptor) {
            ((JmsInterceptor) ReattachBridge.jms).update(settings);
        }
    }

    /** Logs a class that could not be woven; that class stays as the provider wrote it. */
    private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
            Log.internalError("weaving " + typeName, throwable);
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module, boolean loaded,
                                     net.bytebuddy.dynamic.DynamicType dynamicType) {
            Log.debug("woven: {}", typeDescription.getName());
        }
    }
}
