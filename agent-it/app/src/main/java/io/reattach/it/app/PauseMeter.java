package io.reattach.it.app;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * For the attach benchmark ({@code AttachPauseBenchmark}): a thread that ticks every millisecond and records the
 * largest gap between two ticks, which is how long the application could not run (a safepoint while classes are
 * retransformed, or the CPU taken by the agent's start-up); and a way to load many classes first.
 *
 * <p>The line {@code gap} on standard input prints {@code GAP max-ms=.. ticks=.. classes=..} (the largest gap and the
 * ticks since the last {@code gap}, and the classes loaded now) and starts a new window.
 */
final class PauseMeter {
    private static final AtomicLong MAX_GAP_NANOS = new AtomicLong();
    private static final AtomicLong TICKS = new AtomicLong();

    private PauseMeter() {
    }

    static void start() {
        Thread t = new Thread(() -> {
            long last = System.nanoTime();
            while (true) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long gap = now - last;
                last = now;
                TICKS.incrementAndGet();
                MAX_GAP_NANOS.accumulateAndGet(gap, Math::max);
            }
        }, "app-pause-meter");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        t.start();
    }

    /** Prints the window's largest gap and starts a new window. */
    static void report() {
        long gap = MAX_GAP_NANOS.getAndSet(0);
        long ticks = TICKS.getAndSet(0);
        LegacyApp.out("GAP max-ms=" + String.format(java.util.Locale.ROOT, "%.2f", gap / 1e6) + " ticks=" + ticks
                + " classes=" + ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
    }

    /**
     * Loads (without initialising) up to {@code n} more classes: those of the class path's jars, then the JDK's own.
     * Prints {@code LOADED-CLASSES n}, the JVM's count of loaded classes afterwards.
     */
    static void loadClasses(int n) {
        int loaded = 0;
        ClassLoader loader = PauseMeter.class.getClassLoader();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (loaded >= n || !entry.endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements() && loaded < n; ) {
                    loaded += load(className(e.nextElement().getName()), loader);
                }
            } catch (IOException ignored) {
                // not a jar after all
            }
        }
        if (loaded < n) {
            try {
                FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
                try (Stream<Path> files = Files.walk(jrt.getPath("/modules"))) {
                    for (Iterator<Path> it = files.iterator(); it.hasNext() && loaded < n; ) {
                        Path p = it.next();
                        if (p.getNameCount() > 2) {
                            loaded += load(className(p.subpath(2, p.getNameCount()).toString()), loader);
                        }
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // no jrt file system (Java 8): the class path's classes only
            }
        }
        LegacyApp.out("LOADED-CLASSES " + ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
    }

    private static String className(String file) {
        if (!file.endsWith(".class") || file.contains("-") || file.endsWith("module-info.class")) {
            return null;
        }
        return file.substring(0, file.length() - ".class".length()).replace('/', '.');
    }

    private static int load(String name, ClassLoader loader) {
        if (name == null) {
            return 0;
        }
        try {
            Class.forName(name, false, loader);
            return 1;
        } catch (Throwable t) {
            return 0; // a missing optional dependency, a restricted JDK package: skip it
        }
    }
}
