package io.jctl.scheduler;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * How the scheduler behaves. Immutable; start from {@link #defaults()} (kube-scheduler's values)
 * and change fields with the {@code with...} methods.
 *
 * @param schedulerName            pods whose {@code spec.schedulerName} is this are ours
 * @param percentageOfNodesToScore 1..100, or 0 for kube-scheduler's adaptive share (50% minus 1% per 125 nodes, at least 5%)
 * @param weights                  score plugin weights by plugin name, overriding the defaults; 0 turns one off
 * @param bindParallelism          bindings in flight at once while the loop goes on with assumed pods
 * @param leaderElect              take the Lease {@code leaseNamespace/leaseName} before scheduling
 */
public record SchedulerConfig(String schedulerName, int percentageOfNodesToScore, Map<String, Integer> weights,
                              int bindParallelism, Duration initialBackoff, Duration maxBackoff,
                              Duration unschedulableTimeout, boolean leaderElect, String leaseNamespace,
                              String leaseName, String identity) {
    public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";

    public SchedulerConfig {
        weights = Map.copyOf(weights);
        if (bindParallelism < 1) {
            throw new IllegalArgumentException("bindParallelism must be at least 1: " + bindParallelism);
        }
        if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
            throw new IllegalArgumentException("percentageOfNodesToScore must be 0 (adaptive) to 100: "
                    + percentageOfNodesToScore);
        }
    }

    public static SchedulerConfig defaults() {
        return new SchedulerConfig(DEFAULT_SCHEDULER_NAME, 0, Map.of(), 16, Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofSeconds(60), true, "kube-system", "jctl-scheduler",
                defaultIdentity());
    }

    public SchedulerConfig withSchedulerName(String v) {
        return new SchedulerConfig(v, percentageOfNodesToScore, weights, bindParallelism, initialBackoff, maxBackoff,
                unschedulableTimeout, leaderElect, leaseNamespace, leaseName, identity);
    }

    public SchedulerConfig withPercentageOfNodesToScore(int v) {
        return new SchedulerConfig(schedulerName, v, weights, bindParallelism, initialBackoff, maxBackoff,
                unschedulableTimeout, leaderElect, leaseNamespace, leaseName, identity);
    }

    public SchedulerConfig withWeights(Map<String, Integer> v) {
        return new SchedulerConfig(schedulerName, percentageOfNodesToScore, v, bindParallelism, initialBackoff,
                maxBackoff, unschedulableTimeout, leaderElect, leaseNamespace, leaseName, identity);
    }

    public SchedulerConfig withBindParallelism(int v) {
        return new SchedulerConfig(schedulerName, percentageOfNodesToScore, weights, v, initialBackoff, maxBackoff,
                unschedulableTimeout, leaderElect, leaseNamespace, leaseName, identity);
    }

    public SchedulerConfig withBackoff(Duration initial, Duration max) {
        return new SchedulerConfig(schedulerName, percentageOfNodesToScore, weights, bindParallelism, initial, max,
                unschedulableTimeout, leaderElect, leaseNamespace, leaseName, identity);
    }

    public SchedulerConfig withUnschedulableTimeout(Duration v) {
        return new SchedulerConfig(schedulerName, percentageOfNodesToScore, weights, bindParallelism, initialBackoff,
                maxBackoff, v, leaderElect, leaseNamespace, leaseName, identity);
    }

    public SchedulerConfig withLeaderElect(boolean v) {
        return new SchedulerConfig(schedulerName, percentageOfNodesToScore, weights, bindParallelism, initialBackoff,
                maxBackoff, unschedulableTimeout, v, leaseNamespace, leaseName, identity);
    }

    public SchedulerConfig withLease(String namespace, String name) {
        return new SchedulerConfig(schedulerName, percentageOfNodesToScore, weights, bindParallelism, initialBackoff,
                maxBackoff, unschedulableTimeout, leaderElect, namespace, name, identity);
    }

    public SchedulerConfig withIdentity(String v) {
        return new SchedulerConfig(schedulerName, percentageOfNodesToScore, weights, bindParallelism, initialBackoff,
                maxBackoff, unschedulableTimeout, leaderElect, leaseNamespace, leaseName, v);
    }

    /** {@code hostname_random}, unique per process as the Lease needs. */
    static String defaultIdentity() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        return host + "_" + UUID.randomUUID();
    }
}
