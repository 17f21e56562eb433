package io.jctl.agent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** One agent's meters. */
public final class AgentMetrics {
    private final MeterRegistry registry;
    private final String node;
    private final Timer podWorker;
    private final Timer relist;
    private final Timer podStart;
    private final Counter podStarts;
    private final Counter containerStarts;
    /** kubelet_runtime_operations_duration_seconds by operation: building and registering one per call cost more than the call. */
    private final Map<String, Timer> runtimeOps = new ConcurrentHashMap<>();

    public AgentMetrics(MeterRegistry registry, String node, Supplier<Number> runningPods,
                        Supplier<Number> runningContainers) {
        this.registry = registry;
        this.node = node;
        Gauge.builder("kubelet_running_pods", runningPods).tag("node", node)
                .description("Pods that have a running sandbox").register(registry);
        Gauge.builder("kubelet_running_containers", runningContainers).tag("node", node)
                .tag("container_state", "running").description("Containers that are running").register(registry);
        podWorker = Timer.builder("kubelet_pod_worker_duration_seconds").tag("node", node)
                .description("Duration of one pod sync").publishPercentileHistogram().register(registry);
        relist = Timer.builder("kubelet_pleg_relist_duration_seconds").tag("node", node)
                .description("Duration of one relist of the runtime").publishPercentileHistogram().register(registry);
        podStart = Timer.builder("kubelet_pod_start_duration_seconds").tag("node", node)
                .description("From pod creation to all containers running").publishPercentileHistogram()
                .register(registry);
        podStarts = Counter.builder("jctl_agent_pod_starts_total").tag("node", node)
                .description("Pods whose sandbox was started").register(registry);
        containerStarts = Counter.builder("kubelet_started_containers_total").tag("node", node)
                .description("Containers started").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void podWorker(Duration d) {
        podWorker.record(d);
    }

    public void relist(Duration d) {
        relist.record(d);
    }

    public void podStart(Duration sinceCreation) {
        podStart.record(sinceCreation);
    }

    public void podStarted() {
        podStarts.increment();
    }

    public void containerStarted() {
        containerStarts.increment();
    }

    /** Times one runtime call, as {@code kubelet_runtime_operations_duration_seconds{operation_type}}. */
    public <T> T runtimeOp(String operation, Supplier<T> call) {
        long t0 = System.nanoTime();
        try {
            return call.get();
        } finally {
            long nanos = System.nanoTime() - t0;
            runtimeOps.computeIfAbsent(operation, op -> Timer.builder("kubelet_runtime_operations_duration_seconds")
                    .tag("node", node).tag("operation_type", op).register(registry))
                    .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
