package io.reattach.demo.app;

/**
 * Demo plumbing, not part of the legacy application's logic: the application exits when the process that started
 * it (the demo runner) is gone, however it went, so that no demo JVM is left behind.
 */
final class OrphanGuard {

    private OrphanGuard() {
    }

    static void install() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(70)));
    }
}
