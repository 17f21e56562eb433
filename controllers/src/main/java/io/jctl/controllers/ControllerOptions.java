package io.jctl.controllers;

import java.time.Duration;

/**
 * Settings shared by the controllers of one manager.
 *
 * @param workers                 workers per controller
 * @param nodeMonitorGracePeriod  how long a node's Lease may go unrenewed before the node is Unknown
 * @param podEvictionTimeout      how long pods stay on an unreachable node before they are deleted
 */
public record ControllerOptions(int workers, Duration nodeMonitorGracePeriod, Duration podEvictionTimeout) {
    public static ControllerOptions defaults() {
        return new ControllerOptions(5, Duration.ofSeconds(40), Duration.ofMinutes(5));
    }

    public ControllerOptions withWorkers(int n) {
        return new ControllerOptions(n, nodeMonitorGracePeriod, podEvictionTimeout);
    }

    public ControllerOptions withNodeMonitorGracePeriod(Duration d) {
        return new ControllerOptions(workers, d, podEvictionTimeout);
    }

    public ControllerOptions withPodEvictionTimeout(Duration d) {
        return new ControllerOptions(workers, nodeMonitorGracePeriod, d);
    }
}
