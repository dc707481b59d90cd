package io.reattach.jms;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * One factory call of the application ({@code createConnection(user, password)}, {@code createContext()}, ...),
 * kept so that the agent can make it again: each reconnect attempt and each retry of a first connect is this call.
 * The agent's own calls are marked on the thread, so that the woven factory does not manage their result again.
 */
final class FactoryCall {

    /**
     * Set while a factory call is in progress on this thread, including the agent's own: the {@link ConnectFeedback}
     * mark taken when the application's call began, or {@link #NO_MARK}.
     */
    private static final ThreadLocal<Object> IN_FACTORY_CALL = new ThreadLocal<>();
    private static final Object NO_MARK = new Object();

    final Object factory;
    final Method method;
    private final Object[] args;

    FactoryCall(Object factory, Method method, Object[] args) {
        this.factory = factory;
        this.method = method;
        this.args = args == null ? new Object[0] : args.clone();
    }

    /**
     * The advice's entry: true when this is the outermost factory call on the thread, and not one of the agent's.
     * Marks where {@code ConnectionNameList} stands before the connect ({@link #outermostMark}).
     */
    static boolean enterOutermost() {
        if (IN_FACTORY_CALL.get() != null) {
            return false;
        }
        ConnectFeedback.Mark mark = ConnectFeedback.mark();
        IN_FACTORY_CALL.set(mark != null ? mark : NO_MARK);
        return true;
    }

    /** The mark taken when the application's outermost factory call on this thread began, or null. */
    static ConnectFeedback.Mark outermostMark() {
        Object mark = IN_FACTORY_CALL.get();
        return mark instanceof ConnectFeedback.Mark ? (ConnectFeedback.Mark) mark : null;
    }

    /** The advice's exit of the outermost call. */
    static void exitOutermost() {
        IN_FACTORY_CALL.remove();
    }

    /**
     * Makes the call for the agent itself; its result is not managed again. An Artemis factory tries its connectors
     * without its own waits between them ({@link ArtemisOnePass}).
     */
    Object callForAgent() throws Throwable {
        boolean outermost = IN_FACTORY_CALL.get() == null;
        if (outermost) {
            IN_FACTORY_CALL.set(NO_MARK);
        }
        try {
            return ArtemisOnePass.run(factory, () -> {
                try {
                    return method.invoke(factory, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        } finally {
            if (outermost) {
                IN_FACTORY_CALL.remove();
            }
        }
    }

    /**
     * The user of {@code createConnection(user, password)} or {@code createContext(user, password[, mode])}, or null.
     * The password is never given out.
     */
    String userName() {
        return args.length >= 2 && args[0] instanceof String && args[1] instanceof String ? (String) args[0] : null;
    }

    String describe() {
        return factory.getClass().getSimpleName() + "." + method.getName();
    }
}
