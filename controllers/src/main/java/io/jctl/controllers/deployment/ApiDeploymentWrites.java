package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.PatchType;

/** {@link DeploymentWrites} through the api-server. */
public final class ApiDeploymentWrites implements DeploymentWrites {
    private final ApiClient client;

    public ApiDeploymentWrites(ApiClient client) {
        this.client = client;
    }

    @Override
    public ReplicaSet createReplicaSet(ReplicaSet rs) {
        return client.replicaSets().create(rs);
    }

    @Override
    public ReplicaSet updateReplicaSet(ReplicaSet rs) {
        return client.replicaSets().update(rs);
    }

    @Override
    public ReplicaSet patchReplicaSet(String namespace, String name, String strategicMergePatch) {
        return client.replicaSets().patch(namespace, name, PatchType.STRATEGIC, strategicMergePatch);
    }

    @Override
    public void deleteReplicaSet(String namespace, String name) {
        client.replicaSets().delete(namespace, name);
    }

    @Override
    public Deployment updateDeploymentStatus(Deployment d) {
        return client.deployments().updateStatus(d);
    }

    @Override
    public Deployment patchDeployment(String namespace, String name, String mergePatch) {
        return client.deployments().patch(namespace, name, PatchType.MERGE, mergePatch);
    }

    @Override
    public Deployment getDeployment(String namespace, String name) {
        return client.deployments().get(namespace, name);
    }
}
