package io.jctl.agent.sync;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DebouncedSyncTest {
    private static DebouncedSync.Options options(Duration debounce) {
        return DebouncedSync.Options.named("test", "test-sync", debounce)
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(80))
                .withJoinTimeout(Duration.ofSeconds(5));
    }

    @Test
    void runsOnceAtStartThenOnlyWhenMarked() throws InterruptedException {
        AtomicInteger passes = new AtomicInteger();
        try (DebouncedSync sync = new DebouncedSync(options(Duration.ofMillis(10)), passes::incrementAndGet)) {
            sync.start();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(passes).hasValue(1));
            Thread.sleep(200);
            assertThat(passes).hasValue(1);
            sync.markDirty();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(passes).hasValue(2));
        }
    }

    @Test
    void marksDuringTheDebounceCoalesceIntoOnePass() throws InterruptedException {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        try (DebouncedSync sync = new DebouncedSync(options(Duration.ofMillis(500)), () -> {
            passes.incrementAndGet();
            first.countDown();
        })) {
            sync.start();
            assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 20; i++) {
                sync.markDirty();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(passes).hasValue(2));
            Thread.sleep(700); // longer than a debounce: a third pass would have run by now
            assertThat(passes).hasValue(2);
        }
    }

    @Test
    void aFailingPassIsRetriedWithGrowingBackoffUntilItSucceeds() {
        List<Long> attempts = new CopyOnWriteArrayList<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean succeeded = new AtomicBoolean();
        DebouncedSync.Options opts = options(Duration.ZERO)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
                .withOnFailure(failures::add);
        try (DebouncedSync sync = new DebouncedSync(opts, () -> {
            attempts.add(System.nanoTime());
            if (attempts.size() <= 4) {
                throw new IOException("attempt " + attempts.size());
            }
            succeeded.set(true);
        })) {
            sync.start();
            await().atMost(Duration.ofSeconds(20)).untilTrue(succeeded);
        }
        assertThat(failures).extracting(Exception::getMessage)
                .containsExactly("attempt 1", "attempt 2", "attempt 3", "attempt 4");
        // Waits of at least 100, 200, 400 and 400 (the cap) ms, without marks from outside.
        long[] least = {100, 200, 400, 400};
        for (int i = 0; i < least.length; i++) {
            long gapMs = (attempts.get(i + 1) - attempts.get(i)) / 1_000_000;
            assertThat(gapMs).as("wait after failure %d", i + 1).isGreaterThanOrEqualTo(least[i]);
        }
    }

    @Test
    void runsAgainAfterTheResyncPeriodWithoutMarks() {
        AtomicInteger passes = new AtomicInteger();
        try (DebouncedSync sync = new DebouncedSync(options(Duration.ZERO).withResync(Duration.ofMillis(100)),
                passes::incrementAndGet)) {
            sync.start();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(passes).hasValueGreaterThanOrEqualTo(3));
        }
    }

    @Test
    void waitsUntilReadyBeforeTheFirstPass() throws InterruptedException {
        AtomicBoolean ready = new AtomicBoolean();
        AtomicInteger passes = new AtomicInteger();
        DebouncedSync.Options opts = options(Duration.ZERO).withReady(() -> {
            sleepQuietly(10);
            return ready.get();
        });
        try (DebouncedSync sync = new DebouncedSync(opts, passes::incrementAndGet)) {
            sync.start();
            Thread.sleep(200);
            assertThat(passes).hasValue(0);
            ready.set(true);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(passes).hasValue(1));
        }
    }

    @Test
    void closeStopsTheThreadEvenDuringBackoff() {
        AtomicInteger attempts = new AtomicInteger();
        DebouncedSync sync = new DebouncedSync(options(Duration.ZERO).withBackoff(Duration.ofMinutes(5), Duration.ofMinutes(5)),
                () -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("down");
                });
        sync.start();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(attempts).hasValue(1));
        assertThat(sync.running()).isTrue();
        sync.close();
        assertThat(sync.running()).isFalse();
        sync.markDirty();
        assertThat(attempts).hasValue(1);
        sync.close(); // idempotent
    }

    @Test
    void closeBeforeStartRunsNothing() {
        AtomicInteger passes = new AtomicInteger();
        DebouncedSync sync = new DebouncedSync(options(Duration.ZERO), passes::incrementAndGet);
        sync.close();
        sync.start();
        assertThat(sync.running()).isFalse();
        assertThat(passes).hasValue(0);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
