package io.reattach.config;

import io.reattach.log.Log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * Live tuning: looks at the INI file the settings came from every {@code ConfigPollInterval} milliseconds and, when
 * its content changed, calls the reload (which loads and validates the settings again and applies them, or rejects
 * them). Polling, not a {@code WatchService}: it sees an edit on every file system (NFS included), costs one small
 * read per interval, and needs no thread per directory. One daemon thread, {@code reattach-config-watcher}, runs only
 * while there is a file to watch and the interval is not 0.
 */
public final class ConfigWatcher {

    /**
     * A changed file is read twice this far apart and reloaded only when both reads agree: a save truncates the file
     * and then writes it, and a poll between the two must not apply a half-written file.
     */
    static final long SETTLE_MILLIS = 50;

    private final Runnable reload;
    private Thread thread;
    private Path file;
    private long intervalMillis;
    private byte[] seen;

    /** @param reload called on the watcher's thread when the file's content changed; must not throw */
    public ConfigWatcher(Runnable reload) {
        this.reload = reload;
    }

    /**
     * Watches the file these settings came from, at their interval; stops watching when they have no file or an
     * interval of 0. The content now is the baseline: only a later change calls the reload.
     */
    public synchronized void watch(Settings settings) {
        Path newFile = settings.configFile() == null ? null : Paths.get(settings.configFile());
        long newInterval = settings.configPollIntervalMillis();
        if (!sameFile(newFile)) {
            seen = read(newFile);
        }
        file = newFile;
        intervalMillis = newInterval;
        if (file == null || intervalMillis == 0) {
            if (thread != null) {
                thread.interrupt();
                thread = null;
            }
            return;
        }
        if (thread == null) {
            thread = new Thread(this::run, "reattach-config-watcher");
            thread.setDaemon(true);
            thread.start();
        } else {
            notifyAll(); // a new interval applies now, not after the old one
        }
    }

    /** Whether {@code f} is the file watched already (then the baseline stays: a reload does not reset it). */
    private boolean sameFile(Path f) {
        return f != null && f.equals(file) && seen != null;
    }

    private void run() {
        Thread self = Thread.currentThread();
        while (true) {
            synchronized (this) {
                if (thread != self) {
                    return;
                }
                try {
                    wait(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
                if (thread != self) {
                    return;
                }
                byte[] now = read(file);
                if (now == null || Arrays.equals(now, seen)) {
                    continue; // a file that is missing for a moment (an editor's save) is looked at again next time
                }
                try {
                    wait(SETTLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                if (thread != self || !Arrays.equals(now, read(file))) {
                    continue; // still being written (truncated, then filled): looked at again next time
                }
                seen = now;
            }
            try {
                reload.run();
            } catch (Throwable t) {
                Log.internalError("reloading the settings file", t);
            }
        }
    }

    private static byte[] read(Path f) {
        if (f == null) {
            return null;
        }
        try {
            if (Files.size(f) > SettingsLoader.MAX_FILE_BYTES) {
                return null;
            }
            return Files.readAllBytes(f);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
