package io.jctl.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

/** The node lifecycle controller's writes, so unit tests can record them. */
public interface NodeWrites {
    /** PUT of the node (its taints); 409 if it changed since read. */
    void updateNode(Node node);

    /** PUT of the node's status subresource; 409 if it changed since read. */
    void updateNodeStatus(Node node);

    /** Deletes the pod if it still has its uid; already gone is fine. */
    void deletePod(Pod pod);
}
