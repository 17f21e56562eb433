package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.List;

/**
 * What a Deployment pass reads: informer caches in production, plain maps in unit tests. The
 * objects returned are shared and must not be modified; copy with {@link DeploymentUtil#copy}.
 */
public interface DeploymentCache {
    /** The Deployment, or null when it is not (or no longer) cached. */
    Deployment deployment(String namespace, String name);

    /** Every ReplicaSet in the namespace, owned or not. */
    List<ReplicaSet> replicaSets(String namespace);

    /** Every Pod in the namespace; only Recreate asks (it waits for old Pods to be gone). */
    List<Pod> pods(String namespace);
}
