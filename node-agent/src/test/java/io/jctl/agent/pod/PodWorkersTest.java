package io.jctl.agent.pod;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PodWorkersTest {
    final ExecutorService pool = Executors.newFixedThreadPool(4);
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        timers.shutdownNow();
    }

    @Test
    void oneKeyNeverRunsTwiceAtOnceAndRequestsWhileRunningCollapse() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        PodWorkers w = new PodWorkers(pool, timers, key -> {
            int c = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(c, Math::max);
            runs.incrementAndGet();
            release.await(5, TimeUnit.SECONDS);
            concurrent.decrementAndGet();
            return null;
        });
        for (int i = 0; i < 10; i++) {
            w.enqueue("ns/a");
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> w.size() == 0);
        assertThat(maxConcurrent.get()).isEqualTo(1);
        assertThat(runs.get()).isEqualTo(2);
    }

    @Test
    void requeuesAfterTheDelayAskedForAndRetriesFailures() {
        ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        PodWorkers w = new PodWorkers(pool, timers, key -> {
            int n = runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (key.equals("ns/fails") && n < 3) {
                throw new IllegalStateException("boom");
            }
            return key.equals("ns/again") && n < 3 ? Duration.ofMillis(20) : null;
        });
        w.enqueue("ns/again");
        w.enqueue("ns/fails");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(runs.get("ns/again").get()).isEqualTo(3);
            assertThat(runs.get("ns/fails").get()).isEqualTo(3);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> w.size() == 0);
    }
}
