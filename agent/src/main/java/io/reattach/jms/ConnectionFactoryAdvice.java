package io.reattach.jms;

import io.reattach.bridge.JmsHook;
import io.reattach.bridge.ReattachBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

import java.lang.reflect.Method;

/**
 * Woven into {@code createConnection}, {@code createQueueConnection}, {@code createTopicConnection} and
 * {@code createContext} of every JMS ConnectionFactory. Thin on purpose: it is inlined into provider code, can
 * only see the bridge, and any failure in it is suppressed so the provider's own result stands.
 */
public final class ConnectionFactoryAdvice {
    private ConnectionFactoryAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static boolean enter(@Advice.This Object factory) {
        JmsHook hook = ReattachBridge.jms;
        return hook != null && hook.enter(factory);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter boolean outermost,
                            @Advice.This Object factory,
                            @Advice.Origin Method method,
                            @Advice.AllArguments Object[] args,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
                            @Advice.Thrown(readOnly = false) Throwable thrown) {
        JmsHook hook = ReattachBridge.jms;
        if (outermost && hook != null) {
            Object[] outcome = hook.exit(factory, method, args, result, thrown);
            if (outcome != null) {
                result = outcome[0];
                thrown = (Throwable) outcome[1];
            }
        }
    }
}
