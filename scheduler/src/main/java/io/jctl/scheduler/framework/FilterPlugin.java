package io.jctl.scheduler.framework;

/**
 * Decides whether a pod may run on a node. Called under the scheduler cache's lock for many nodes
 * per pod: no I/O, no allocation on the success path.
 */
public interface FilterPlugin extends Plugin {
    /**
     * True when this filter passes every node for this pod (kube-scheduler's PreFilter "Skip"),
     * so it is left out of the pod's filter pass.
     */
    default boolean skipFilter(PodInfo pod) {
        return false;
    }

    /** {@link Status#SUCCESS} if the pod fits; otherwise the reasons, in Kubernetes' words. */
    Status filter(PodInfo pod, NodeInfo node);
}
