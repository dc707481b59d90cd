package io.reattach.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live tuning's two pure parts: noticing an edit of the file, and saying what changed. */
class ConfigWatcherTest {

    @TempDir
    Path tmp;

    @Test
    void anEditCallsTheReloadOnceAndTouchingTheFileWithTheSameContentDoesNot() throws Exception {
        TestEnv t = new TestEnv(tmp);
        Path ini = TestEnv.write(tmp.resolve("mqclient.ini"), "CHANNELS:\n  ReconDelay=(500)\n");
        Settings s = t.load("config=" + ini + ",ConfigPollInterval=20");
        Semaphore reloads = new Semaphore(0);
        ConfigWatcher watcher = new ConfigWatcher(reloads::release);
        try {
            watcher.watch(s);
            TestEnv.write(ini, "CHANNELS:\n  ReconDelay=(500)\n"); // same bytes
            assertFalse(reloads.tryAcquire(200, TimeUnit.MILLISECONDS), "same content is no change");
            TestEnv.write(ini, "CHANNELS:\n  ReconDelay=(700)\n");
            assertTrue(reloads.tryAcquire(5, TimeUnit.SECONDS), "an edit must reload");
            assertFalse(reloads.tryAcquire(200, TimeUnit.MILLISECONDS), "one edit, one reload");
            watcher.watch(t.load("config=" + ini + ",ConfigPollInterval=0")); // 0: stop watching
            Thread.sleep(100);
            TestEnv.write(ini, "CHANNELS:\n  ReconDelay=(900)\n");
            assertFalse(reloads.tryAcquire(300, TimeUnit.MILLISECONDS), "interval 0 must not watch");
        } finally {
            watcher.watch(Settings.defaults()); // no file: the thread ends
        }
    }

    @Test
    void theWatcherThreadEndsWhenThereIsNothingToWatch() throws Exception {
        TestEnv t = new TestEnv(tmp);
        Path ini = TestEnv.write(tmp.resolve("mqclient.ini"), "CHANNELS:\n  ReconDelay=(500)\n");
        ConfigWatcher watcher = new ConfigWatcher(() -> { });
        watcher.watch(t.load("config=" + ini + ",ConfigPollInterval=20"));
        assertTrue(watcherThreads() >= 1);
        watcher.watch(Settings.defaults());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (watcherThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, watcherThreads());
    }

    private static long watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(th -> th.getName().equals("reattach-config-watcher")).count();
    }

    @Test
    void changesFromListsEachChangedSettingWithItsNewSource() throws Exception {
        TestEnv t = new TestEnv(tmp);
        Path ini = TestEnv.write(tmp.resolve("mqclient.ini"), "CHANNELS:\n  ReconDelay=(200,100)\n  MQReconnectTimeout=30\n");
        Settings before = t.load("config=" + ini);
        TestEnv.write(ini, "CHANNELS:\n  ReconDelay=(700)\n  MQReconnectTimeout=30\n  ExceptionListenerEvents=ALL\n");
        Settings after = t.load("config=" + ini);
        assertEquals(Arrays.asList("ReconDelay (200,100) -> (700,0) [" + ini + ":2]",
                "ExceptionListenerEvents RECONNECT_FAILED -> ALL [" + ini + ":4]"),
                after.changesFrom(before));
        assertEquals(Collections.emptyList(), after.changesFrom(after));
    }
}
