package io.jctl.scheduler.plugins.nodeports;

import io.jctl.scheduler.framework.FilterPlugin;
import io.jctl.scheduler.framework.HostPorts;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import io.jctl.scheduler.framework.Status;

/** A pod's host ports must be free on the node (same protocol, port and overlapping IP). */
public final class NodePorts implements FilterPlugin {
    public static final String NAME = "NodePorts";
    public static final String REASON = "node(s) didn't have free ports for the requested pod ports";
    private static final Status CONFLICT = Status.unschedulable(REASON);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean skipFilter(PodInfo pod) {
        return pod.hostPorts().isEmpty();
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        if (pod.hostPorts().isEmpty() || node.hostPortCount() == 0) {
            return Status.SUCCESS;
        }
        for (HostPorts.Port p : pod.hostPorts()) {
            if (node.usedPorts().conflicts(p)) {
                return CONFLICT;
            }
        }
        return Status.SUCCESS;
    }
}
