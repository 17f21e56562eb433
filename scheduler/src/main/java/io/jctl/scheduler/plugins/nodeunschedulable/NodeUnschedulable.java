package io.jctl.scheduler.plugins.nodeunschedulable;

import io.jctl.scheduler.framework.FilterPlugin;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import io.jctl.scheduler.framework.Status;
import io.jctl.scheduler.framework.Taints;

/** Keeps pods off cordoned nodes ({@code spec.unschedulable}) unless they tolerate the unschedulable taint. */
public final class NodeUnschedulable implements FilterPlugin {
    public static final String NAME = "NodeUnschedulable";
    public static final String REASON = "node(s) were unschedulable";
    private static final Status UNSCHEDULABLE = Status.unschedulable(REASON);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        if (!node.unschedulable()) {
            return Status.SUCCESS;
        }
        return Taints.tolerated(pod.tolerations(), Taints.UNSCHEDULABLE, "", Taints.NO_SCHEDULE)
                ? Status.SUCCESS : UNSCHEDULABLE;
    }
}
