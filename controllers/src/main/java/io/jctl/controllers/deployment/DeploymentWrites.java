package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/**
 * Every write the Deployment controller makes, each one API request. Failures are
 * {@link io.jctl.api.errors.ApiException}s (409 for a stale resourceVersion, 404, 409
 * AlreadyExists on create) or transport errors; a pass lets them propagate and is retried.
 */
public interface DeploymentWrites {
    ReplicaSet createReplicaSet(ReplicaSet rs);

    /** PUT with the ReplicaSet's resourceVersion: fails with 409 when the cache was stale. */
    ReplicaSet updateReplicaSet(ReplicaSet rs);

    /** A strategic merge patch (adoption and release of ReplicaSets). */
    ReplicaSet patchReplicaSet(String namespace, String name, String strategicMergePatch);

    void deleteReplicaSet(String namespace, String name);

    /** PUT to the status subresource with the Deployment's resourceVersion. */
    Deployment updateDeploymentStatus(Deployment d);

    /** A JSON merge patch of the Deployment itself (its revision annotation). */
    Deployment patchDeployment(String namespace, String name, String mergePatch);

    /** A fresh read past the cache: is this still the Deployment we think, and not being deleted? */
    Deployment getDeployment(String namespace, String name);
}
