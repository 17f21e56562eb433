package io.jctl.api.client.workqueue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkQueueTest {
    private final List<WorkQueue<?>> queues = new ArrayList<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    @AfterEach
    void tearDown() throws Exception {
        queues.forEach(WorkQueue::shutDown);
        workers.shutdownNow();
        assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private <K> WorkQueue<K> queue(RateLimiter<K> limiter) {
        WorkQueue<K> q = new WorkQueue<>("test", limiter, null);
        queues.add(q);
        return q;
    }

    private WorkQueue<String> queue() {
        return queue(RateLimiter.defaultControllerRateLimiter());
    }

    @Test
    void duplicateKeysCollapseWhileQueued() throws Exception {
        WorkQueue<String> q = queue();
        q.add("a");
        q.add("b");
        q.add("a");
        assertThat(q.length()).isEqualTo(2);
        assertThat(q.get()).contains("a");
        assertThat(q.get()).contains("b");
        assertThat(q.length()).isZero();
    }

    @Test
    void aKeyReAddedWhileProcessingIsQueuedAgainAfterDone() throws Exception {
        WorkQueue<String> q = queue();
        q.add("a");
        String key = q.get().orElseThrow();
        q.add("a");
        q.add("a");
        assertThat(q.length()).as("not handed out while processing").isZero();
        assertThat(q.poll(Duration.ofMillis(50))).isEmpty();
        q.done(key);
        assertThat(q.length()).isEqualTo(1);
        assertThat(q.get()).contains("a");
        q.done("a");
        assertThat(q.length()).isZero();
    }

    @Test
    void noKeyIsProcessedByTwoWorkersAtOnce() throws Exception {
        WorkQueue<Integer> q = queue(RateLimiter.defaultControllerRateLimiter());
        Set<Integer> inFlight = ConcurrentHashMap.newKeySet();
        AtomicBoolean overlap = new AtomicBoolean();
        AtomicInteger processed = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            running.add(workers.submit(() -> {
                try {
                    for (Optional<Integer> k = q.get(); k.isPresent(); k = q.get()) {
                        if (!inFlight.add(k.get())) {
                            overlap.set(true);
                        }
                        Thread.sleep(1);
                        inFlight.remove(k.get());
                        processed.incrementAndGet();
                        q.done(k.get());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
        }
        for (int i = 0; i < 2000; i++) {
            q.add(i % 5);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> q.length() == 0 && inFlight.isEmpty());
        q.shutDown();
        for (Future<?> f : running) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(overlap).isFalse();
        assertThat(processed.get()).isBetween(5, 2000);
    }

    @Test
    void addAfterWaitsAndKeepsTheEarliestTime() throws Exception {
        WorkQueue<String> q = queue();
        q.addAfter("a", Duration.ofHours(1));
        q.addAfter("a", Duration.ofMillis(20));
        q.addAfter("a", Duration.ofHours(2));
        assertThat(q.length()).isZero();
        assertThat(q.poll(Duration.ofSeconds(10))).contains("a");
        q.done("a");
        assertThat(q.poll(Duration.ofMillis(100))).isEmpty();
    }

    @Test
    void itemBackoffDoublesFromFiveMillisecondsUpToTheCap() {
        ItemExponentialRateLimiter<String> l = new ItemExponentialRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(l.when("a").toMillis());
        }
        assertThat(waits).containsExactly(5L, 10L, 20L, 40L, 80L);
        assertThat(l.numRequeues("a")).isEqualTo(5);
        assertThat(l.when("b").toMillis()).as("per key").isEqualTo(5);
        for (int i = 0; i < 100; i++) {
            l.when("a");
        }
        assertThat(l.when("a")).isEqualTo(Duration.ofSeconds(1000));
        l.forget("a");
        assertThat(l.numRequeues("a")).isZero();
        assertThat(l.when("a").toMillis()).isEqualTo(5);
    }

    @Test
    void tokenBucketAllowsTheBurstThenSpacesRetries() {
        TokenBucketRateLimiter<String> l = new TokenBucketRateLimiter<>(10, 100);
        for (int i = 0; i < 100; i++) {
            assertThat(l.when("k" + i)).isZero();
        }
        Duration d1 = l.when("x");
        Duration d2 = l.when("y");
        assertThat(d1).isPositive();
        assertThat(d2).isGreaterThan(d1);
    }

    @Test
    void defaultLimiterTakesTheLongerWait() {
        RateLimiter<String> l = RateLimiter.defaultControllerRateLimiter();
        for (int i = 0; i < 100; i++) {
            l.when("burst-" + i);
        }
        assertThat(l.when("fresh")).as("bucket is empty: ~100 ms").isGreaterThan(Duration.ofMillis(5));
        l.forget("fresh");
        assertThat(l.numRequeues("fresh")).isZero();
    }

    @Test
    void addRateLimitedRetriesWithGrowingWaitsAndForgetResets() throws Exception {
        WorkQueue<String> q = queue(new ItemExponentialRateLimiter<>(Duration.ofMillis(1), Duration.ofMillis(50)));
        for (int i = 0; i < 3; i++) {
            q.addRateLimited("a");
            assertThat(q.poll(Duration.ofSeconds(10))).contains("a");
            q.done("a");
        }
        assertThat(q.numRequeues("a")).isEqualTo(3);
        q.forget("a");
        assertThat(q.numRequeues("a")).isZero();
    }

    @Test
    void shutDownWakesBlockedWorkersWithEmpty() throws Exception {
        WorkQueue<String> q = queue();
        List<Optional<String>> got = new CopyOnWriteArrayList<>();
        Future<?> worker = workers.submit(() -> {
            got.add(q.get());
            return null;
        });
        Thread.sleep(50);
        q.shutDown();
        worker.get(10, TimeUnit.SECONDS);
        assertThat(got).containsExactly(Optional.empty());
        q.add("late");
        assertThat(q.length()).isZero();
        assertThat(q.get()).isEmpty();
        assertThat(q.isShuttingDown()).isTrue();
    }

    @Test
    void exportsClientGoMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        WorkQueue<String> q = new WorkQueue<>("deployments", RateLimiter.defaultControllerRateLimiter(), registry);
        queues.add(q);
        q.add("a");
        q.add("b");
        q.add("a");
        q.get();
        q.done("a");
        assertThat(registry.scrape())
                .contains("workqueue_depth{name=\"deployments\"} 1")
                .contains("workqueue_adds_total{name=\"deployments\"} 2")
                .contains("workqueue_queue_duration_seconds_count{name=\"deployments\"} 1")
                .contains("workqueue_work_duration_seconds_count{name=\"deployments\"} 1");
        // The retry lands after its backoff, so only the retry count is certain right away.
        q.addRateLimited("a");
        assertThat(registry.scrape()).contains("workqueue_retries_total{name=\"deployments\"} 1");
    }
}
