package io.jctl.scheduler.plugins.noderesources;

import io.jctl.scheduler.framework.FilterPlugin;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import io.jctl.scheduler.framework.ScorePlugin;
import io.jctl.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * Filter: the pod's requests (cpu, memory) and one more pod must fit in what the node has
 * allocatable minus what its pods already request. Score: LeastAllocated, i.e. the free share of
 * cpu and memory after placing the pod, counting 100m/200Mi for containers that request nothing.
 */
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin {
    public static final String NAME = "NodeResourcesFit";
    public static final String TOO_MANY_PODS = "Too many pods";
    public static final String INSUFFICIENT_CPU = "Insufficient cpu";
    public static final String INSUFFICIENT_MEMORY = "Insufficient memory";

    private static final Status PODS = Status.unschedulable(TOO_MANY_PODS);
    private static final Status CPU = Status.unschedulable(INSUFFICIENT_CPU);
    private static final Status MEMORY = Status.unschedulable(INSUFFICIENT_MEMORY);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        boolean pods = node.podCount() + 1 > node.allocatablePods();
        boolean cpu = pod.milliCpu() > 0 && pod.milliCpu() > node.allocatableMilliCpu() - node.requestedMilliCpu();
        boolean memory = pod.memory() > 0 && pod.memory() > node.allocatableMemory() - node.requestedMemory();
        int failures = (pods ? 1 : 0) + (cpu ? 1 : 0) + (memory ? 1 : 0);
        if (failures == 0) {
            return Status.SUCCESS;
        }
        if (failures == 1) {
            return pods ? PODS : cpu ? CPU : MEMORY;
        }
        List<String> reasons = new ArrayList<>(3);
        if (pods) {
            reasons.add(TOO_MANY_PODS);
        }
        if (cpu) {
            reasons.add(INSUFFICIENT_CPU);
        }
        if (memory) {
            reasons.add(INSUFFICIENT_MEMORY);
        }
        return Status.unschedulable(reasons);
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        long cpu = leastRequested(node.nonZeroRequestedMilliCpu() + pod.nonZeroMilliCpu(), node.allocatableMilliCpu());
        long mem = leastRequested(node.nonZeroRequestedMemory() + pod.nonZeroMemory(), node.allocatableMemory());
        return (cpu + mem) / 2;
    }

    static long leastRequested(long requested, long capacity) {
        if (capacity <= 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_SCORE / capacity;
    }
}
