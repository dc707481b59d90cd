package io.reattach.jms.fake;

import javax.jms.JMSException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** The failures a test has scripted, per call name ("createSession", "commit", "send"...), taken in order. */
final class Script {

    enum Kind {
        /** The connection breaks before the broker sees the call: the call throws, nothing happened. */
        BREAK_BEFORE,
        /** The broker applies the call, then the connection breaks before the reply (a lost reply). */
        BREAK_AFTER,
        /** The call throws a given exception; nothing breaks (an application error). */
        THROW
    }

    static final class Fault {
        final Kind kind;
        /** A JMSException or an unchecked exception, for {@link Kind#THROW}. */
        private final Exception exception;

        Fault(Kind kind, Exception exception) {
            this.kind = kind;
            this.exception = exception;
        }

        /** Throws the scripted exception, checked or not. */
        JMSException thrown() {
            if (exception instanceof RuntimeException) {
                throw (RuntimeException) exception;
            }
            return (JMSException) exception;
        }
    }

    private final Map<String, Deque<Fault>> faults = new HashMap<>();

    void add(String call, Fault fault, int times) {
        Deque<Fault> queue = faults.computeIfAbsent(call, c -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.addLast(fault);
        }
    }

    /** The next scripted fault of this call, or null. */
    Fault take(String call) {
        Deque<Fault> queue = faults.get(call);
        return queue == null ? null : queue.pollFirst();
    }
}
