package io.reattach.policy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryLoopTest {

    private final ManualTime time = new ManualTime();
    private final RetryLoop.Listener quiet = new RetryLoop.Listener() {
    };

    private static ReconnectPolicy policy(int attempts, long timeoutMillis, DelayStep... steps) {
        return ReconnectPolicy.builder().schedule(new ReconDelaySchedule(Arrays.asList(steps)))
                .maxAttempts(attempts).timeoutMillis(timeoutMillis).build();
    }

    private RetryLoop loop(ReconnectPolicy policy) {
        return RetryLoop.start(policy, time, time, new FixedRandom(0.0));
    }

    @Test
    void waitsTheScheduleBeforeEachAttemptAndReturnsTheFirstSuccess() {
        AtomicInteger calls = new AtomicInteger();
        RetryLoop.Result<String> r = loop(policy(-1, 60_000, new DelayStep(100, 0), new DelayStep(200, 0)))
                .run(new IOException("down"), n -> {
                    if (calls.incrementAndGet() < 3) {
                        throw new IOException("still down " + n);
                    }
                    return "connected";
                }, t -> true, quiet);
        assertEquals(RetryLoop.Outcome.SUCCEEDED, r.outcome());
        assertEquals("connected", r.value());
        assertEquals(3, r.attempts());
        assertEquals(Arrays.asList(100L, 200L, 200L), time.waits(), "the last pair repeats");
        assertEquals(500, r.elapsedMillis());
    }

    @Test
    void givesUpWhenTheAttemptsRunOutWithTheLastFailure() {
        IOException last = new IOException("last");
        RetryLoop.Result<Object> r = loop(policy(2, 60_000, new DelayStep(10, 0))).run(new IOException("first"), n -> {
            throw n == 2 ? last : new IOException("earlier");
        }, t -> true, quiet);
        assertEquals(RetryLoop.Outcome.GAVE_UP, r.outcome());
        assertSame(last, r.lastFailure());
        assertEquals(2, r.attempts());
    }

    @Test
    void theTimeoutShortensTheLastWaitAndEndsTheLoop() {
        RetryLoop.Result<Object> r = loop(policy(-1, 250, new DelayStep(100, 0))).run(new IOException("first"), n -> {
            throw new IOException("down");
        }, t -> true, quiet);
        assertEquals(RetryLoop.Outcome.GAVE_UP, r.outcome());
        assertEquals(Arrays.asList(100L, 100L, 50L), time.waits());
    }

    @Test
    void aFailureThatIsNotRetryableEndsTheLoopAtOnce() {
        IllegalArgumentException bad = new IllegalArgumentException("bad credentials");
        RetryLoop.Result<Object> r = loop(policy(-1, 60_000, new DelayStep(10, 0))).run(new IOException("first"), n -> {
            throw bad;
        }, t -> t instanceof IOException, quiet);
        assertEquals(RetryLoop.Outcome.ABORTED, r.outcome());
        assertSame(bad, r.lastFailure());
        assertEquals(1, r.attempts());
    }

    @Test
    void anInterruptEndsTheLoopAndClearsTheFlag() {
        IOException first = new IOException("first");
        Thread.currentThread().interrupt();
        RetryLoop.Result<Object> r = loop(policy(-1, 60_000, new DelayStep(10, 0))).run(first, n -> "never", t -> true, quiet);
        assertEquals(RetryLoop.Outcome.INTERRUPTED, r.outcome());
        assertSame(first, r.lastFailure(), "no attempt was made: the failure that started the loop");
        assertTrue(!Thread.currentThread().isInterrupted());
    }

    @Test
    void zeroAttemptsGivesUpWithoutWaiting() {
        IOException first = new IOException("first");
        RetryLoop.Result<Object> r = loop(policy(0, 60_000, new DelayStep(10, 0))).run(first, n -> "never", t -> true, quiet);
        assertEquals(RetryLoop.Outcome.GAVE_UP, r.outcome());
        assertSame(first, r.lastFailure());
        assertEquals(Collections.emptyList(), time.waits());
    }

    @Test
    void theDeadlineIsFixedWhenTheLoopStarts() {
        RetryLoop l = loop(policy(-1, 5_000, new DelayStep(10, 0)));
        long deadline = l.deadlineNanos();
        time.advanceMillis(4_000);
        assertEquals(deadline, l.deadlineNanos());
        assertEquals(1_000, l.remainingMillis());
    }

    @Test
    void theListenerHearsEveryWaitAndEveryFailedAttempt() {
        StringBuilder heard = new StringBuilder();
        loop(policy(2, 60_000, new DelayStep(10, 0))).run(new IOException("first"), n -> {
            throw new IOException("f" + n);
        }, t -> true, new RetryLoop.Listener() {
            @Override
            public void beforeWait(int attempt, long delayMillis, Throwable lastFailure) {
                heard.append("wait ").append(attempt).append(' ').append(delayMillis).append(' ').append(lastFailure.getMessage()).append(';');
            }

            @Override
            public void attemptFailed(int attempt, Throwable failure) {
                heard.append("failed ").append(attempt).append(' ').append(failure.getMessage()).append(';');
            }
        });
        assertEquals("wait 1 10 first;failed 1 f1;wait 2 10 f1;failed 2 f2;", heard.toString());
    }

    // ---- the scheduled run: waits on a scheduler, attempts on an executor, no thread held in between

    private final java.util.concurrent.ExecutorService attempts = java.util.concurrent.Executors.newSingleThreadExecutor();

    @org.junit.jupiter.api.AfterEach
    void stopAttempts() {
        attempts.shutdownNow();
    }

    private static <T> RetryLoop.Result<T> await(java.util.concurrent.CompletableFuture<RetryLoop.Result<T>> end) throws Exception {
        return end.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aScheduledRunWaitsTheSameScheduleAndEndsOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.CompletableFuture<RetryLoop.Result<String>> end = new java.util.concurrent.CompletableFuture<>();
        loop(policy(-1, 60_000, new DelayStep(100, 0), new DelayStep(200, 0))).runScheduled(new IOException("down"), n -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("still down " + n);
            }
            return "connected";
        }, t -> true, quiet, time, attempts, r -> assertTrue(end.complete(r), "ends once"));
        RetryLoop.Result<String> r = await(end);
        assertEquals(RetryLoop.Outcome.SUCCEEDED, r.outcome());
        assertEquals("connected", r.value());
        assertEquals(Arrays.asList(100L, 200L, 200L), time.waits());
    }

    @Test
    void aScheduledRunGivesUpLikeTheBlockingOne() throws Exception {
        java.util.concurrent.CompletableFuture<RetryLoop.Result<Object>> end = new java.util.concurrent.CompletableFuture<>();
        loop(policy(-1, 250, new DelayStep(100, 0))).runScheduled(new IOException("first"), n -> {
            throw new IOException("down");
        }, t -> true, quiet, time, attempts, end::complete);
        assertEquals(RetryLoop.Outcome.GAVE_UP, await(end).outcome());
        assertEquals(Arrays.asList(100L, 100L, 50L), time.waits());
    }

    @Test
    void cancelDuringAWaitEndsTheRunWithoutAnotherAttempt() throws Exception {
        java.util.concurrent.CompletableFuture<Runnable> scheduled = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.FutureTask<Object> pending = new java.util.concurrent.FutureTask<>(() -> null);
        Scheduler holdsTheWait = (task, delay) -> {
            scheduled.complete(task);
            return pending;
        };
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.CompletableFuture<RetryLoop.Result<Object>> end = new java.util.concurrent.CompletableFuture<>();
        RetryLoop l = loop(policy(-1, 60_000, new DelayStep(1000, 0)));
        IOException first = new IOException("first");
        l.runScheduled(first, n -> calls.incrementAndGet(), t -> true, quiet, holdsTheWait, attempts, end::complete);
        scheduled.get(10, java.util.concurrent.TimeUnit.SECONDS);
        l.cancel();
        RetryLoop.Result<Object> r = await(end);
        assertEquals(RetryLoop.Outcome.INTERRUPTED, r.outcome());
        assertSame(first, r.lastFailure());
        assertEquals(0, calls.get(), "no attempt after the cancel");
    }

    @Test
    void cancelDuringAnAttemptInterruptsItAndEndsTheRun() throws Exception {
        java.util.concurrent.CountDownLatch attempting = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<RetryLoop.Result<Object>> end = new java.util.concurrent.CompletableFuture<>();
        RetryLoop l = loop(policy(-1, 60_000, new DelayStep(10, 0)));
        l.runScheduled(new IOException("first"), n -> {
            attempting.countDown();
            Thread.sleep(60_000); // a connect that hangs until interrupted
            return "never";
        }, t -> true, quiet, time, attempts, end::complete);
        assertTrue(attempting.await(10, java.util.concurrent.TimeUnit.SECONDS));
        l.cancel();
        RetryLoop.Result<Object> r = await(end);
        assertEquals(RetryLoop.Outcome.INTERRUPTED, r.outcome());
        assertTrue(r.lastFailure() instanceof InterruptedException);
    }
}
