package io.jctl.scheduler;

import io.jctl.scheduler.queue.SchedulingQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * kube-scheduler's core metrics: {@code scheduler_schedule_attempts_total{profile,result}},
 * {@code scheduler_scheduling_attempt_duration_seconds{profile,result}} and
 * {@code scheduler_pending_pods{queue}}. {@code result} is scheduled, unschedulable or error.
 */
final class SchedulerMetrics {
    enum Result {
        SCHEDULED("scheduled"), UNSCHEDULABLE("unschedulable"), ERROR("error");

        final String tag;

        Result(String tag) {
            this.tag = tag;
        }
    }

    private final Counter[] attempts = new Counter[Result.values().length];
    private final Timer[] durations = new Timer[Result.values().length];

    SchedulerMetrics(MeterRegistry registry, String profile, SchedulingQueue queue) {
        for (Result r : Result.values()) {
            attempts[r.ordinal()] = Counter.builder("scheduler_schedule_attempts_total")
                    .description("Number of attempts to schedule pods, by the result")
                    .tag("profile", profile).tag("result", r.tag).register(registry);
            durations[r.ordinal()] = Timer.builder("scheduler_scheduling_attempt_duration_seconds")
                    .description("Scheduling attempt latency (scheduling algorithm + binding)")
                    .tag("profile", profile).tag("result", r.tag)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        }
        Gauge.builder("scheduler_pending_pods", queue, SchedulingQueue::activeCount)
                .description("Number of pending pods, by the queue type").tag("queue", "active").register(registry);
        Gauge.builder("scheduler_pending_pods", queue, SchedulingQueue::backoffCount)
                .description("Number of pending pods, by the queue type").tag("queue", "backoff").register(registry);
        Gauge.builder("scheduler_pending_pods", queue, SchedulingQueue::unschedulableCount)
                .description("Number of pending pods, by the queue type").tag("queue", "unschedulable").register(registry);
    }

    /** One finished attempt that started at {@code startNanos} (System.nanoTime()). */
    void attempt(Result r, long startNanos) {
        attempts[r.ordinal()].increment();
        durations[r.ordinal()].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
