package io.jctl.scheduler.plugins.nodename;

import io.jctl.scheduler.framework.FilterPlugin;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import io.jctl.scheduler.framework.Status;

/**
 * A pod that names its node fits only there. The scheduler only sees pods without
 * {@code spec.nodeName}, so this matters for callers that run the filters themselves.
 */
public final class NodeName implements FilterPlugin {
    public static final String NAME = "NodeName";
    public static final String REASON = "node(s) didn't match the requested node name";
    private static final Status MISMATCH = Status.unschedulable(REASON);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean skipFilter(PodInfo pod) {
        return pod.spec().getNodeName() == null || pod.spec().getNodeName().isEmpty();
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        String wanted = pod.spec().getNodeName();
        return wanted == null || wanted.isEmpty() || wanted.equals(node.name()) ? Status.SUCCESS : MISMATCH;
    }
}
