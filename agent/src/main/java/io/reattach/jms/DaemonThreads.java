package io.reattach.jms;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine's threads: daemons, named for what they do, so that a thread dump shows them as the agent's. */
final class DaemonThreads implements ThreadFactory {

    private final String name;
    /** Null: every thread gets {@link #name} as it is. */
    private final AtomicInteger numbers;

    private DaemonThreads(String name, AtomicInteger numbers) {
        this.name = name;
        this.numbers = numbers;
    }

    /** Threads all named {@code name}. */
    static DaemonThreads named(String name) {
        return new DaemonThreads(name, null);
    }

    /** Threads named {@code prefix} and the next of {@code numbers}, which factories may share. */
    static DaemonThreads numbered(String prefix, AtomicInteger numbers) {
        return new DaemonThreads(prefix, numbers);
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, numbers == null ? name : name + numbers.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
