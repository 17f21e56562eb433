package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.List;

/**
 * Every write the ReplicaSet reconciler makes, so unit tests can record them instead of
 * talking to an api-server.
 */
public interface ReplicaSetWrites {
    Pod createPod(Pod pod);

    /** Deletes the pod if it still has {@code uid}; a pod already gone is not an error. */
    void deletePod(String namespace, String name, String uid);

    /** Sets the pod's ownerReferences, failing with 409 if the pod changed since {@code pod} was read. */
    void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences);

    void updateStatus(ReplicaSet replicaSet);
}
