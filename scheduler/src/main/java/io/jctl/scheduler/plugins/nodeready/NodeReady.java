package io.jctl.scheduler.plugins.nodeready;

import io.jctl.scheduler.framework.FilterPlugin;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import io.jctl.scheduler.framework.Status;
import io.jctl.scheduler.framework.Taints;

/**
 * Keeps pods off nodes whose Ready condition is not True. In Kubernetes the node lifecycle
 * controller turns that condition into the {@code node.kubernetes.io/not-ready} (False) or
 * {@code node.kubernetes.io/unreachable} (Unknown or never reported) NoSchedule taint and the
 * TaintToleration plugin does the rest; here the condition is read directly so the scheduler is
 * right even before (or without) that controller, with the same message and the same escape: a
 * pod tolerating that taint with NoSchedule (as DaemonSet pods do) may still go there.
 */
public final class NodeReady implements FilterPlugin {
    public static final String NAME = "NodeReady";
    private static final Status NOT_READY = Status.unschedulable(Taints.untoleratedReason(Taints.NOT_READY, ""));
    private static final Status UNREACHABLE = Status.unschedulable(Taints.untoleratedReason(Taints.UNREACHABLE, ""));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        switch (node.readiness()) {
            case READY:
                return Status.SUCCESS;
            case NOT_READY:
                return Taints.tolerated(pod.tolerations(), Taints.NOT_READY, "", Taints.NO_SCHEDULE)
                        ? Status.SUCCESS : NOT_READY;
            default:
                return Taints.tolerated(pod.tolerations(), Taints.UNREACHABLE, "", Taints.NO_SCHEDULE)
                        ? Status.SUCCESS : UNREACHABLE;
        }
    }
}
