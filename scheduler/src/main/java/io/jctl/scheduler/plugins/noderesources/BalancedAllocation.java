package io.jctl.scheduler.plugins.noderesources;

import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import io.jctl.scheduler.framework.ScorePlugin;

/**
 * Score: nodes whose cpu and memory would be used in similar proportions after placing the pod
 * score higher ({@code (1 - std) * 100} over the two requested fractions, as kube-scheduler).
 */
public final class BalancedAllocation implements ScorePlugin {
    public static final String NAME = "NodeResourcesBalancedAllocation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        if (node.allocatableMilliCpu() <= 0 || node.allocatableMemory() <= 0) {
            return 0;
        }
        double cpu = fraction(node.nonZeroRequestedMilliCpu() + pod.nonZeroMilliCpu(), node.allocatableMilliCpu());
        double mem = fraction(node.nonZeroRequestedMemory() + pod.nonZeroMemory(), node.allocatableMemory());
        // The standard deviation of two values is half their distance.
        double std = Math.abs(cpu - mem) / 2;
        return (long) ((1 - std) * MAX_SCORE);
    }

    private static double fraction(long requested, long allocatable) {
        return Math.min(1.0, (double) requested / allocatable);
    }
}
