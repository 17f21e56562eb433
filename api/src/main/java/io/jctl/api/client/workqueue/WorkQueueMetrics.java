package io.jctl.api.client.workqueue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The client-go workqueue metrics, tagged {@code name}: in Prometheus they read
 * {@code workqueue_depth}, {@code workqueue_adds_total}, {@code workqueue_queue_duration_seconds},
 * {@code workqueue_work_duration_seconds} and {@code workqueue_retries_total}.
 */
final class WorkQueueMetrics {
    private final Counter adds;
    private final Counter retries;
    private final Timer queueDuration;
    private final Timer workDuration;

    private WorkQueueMetrics(MeterRegistry registry, String name, Supplier<Number> depth) {
        Gauge.builder("workqueue.depth", depth).tag("name", name)
                .description("Current depth of the workqueue").register(registry);
        adds = Counter.builder("workqueue.adds").tag("name", name)
                .description("Total number of adds handled by the workqueue").register(registry);
        retries = Counter.builder("workqueue.retries").tag("name", name)
                .description("Total number of retries handled by the workqueue").register(registry);
        queueDuration = Timer.builder("workqueue.queue.duration").tag("name", name)
                .description("How long an item stays in the workqueue before being requested").register(registry);
        workDuration = Timer.builder("workqueue.work.duration").tag("name", name)
                .description("How long processing an item from the workqueue takes").register(registry);
    }

    /** Null registry: metrics off, every call a no-op. */
    static WorkQueueMetrics create(MeterRegistry registry, String name, Supplier<Number> depth) {
        return registry == null ? null : new WorkQueueMetrics(registry, name, depth);
    }

    void added() {
        adds.increment();
    }

    void retried() {
        retries.increment();
    }

    void waited(long nanos) {
        queueDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    void worked(long nanos) {
        workDuration.record(nanos, TimeUnit.NANOSECONDS);
    }
}
