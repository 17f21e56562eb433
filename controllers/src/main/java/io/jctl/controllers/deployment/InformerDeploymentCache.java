package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.cache.Indexer;

import java.util.List;

/** {@link DeploymentCache} over the shared informers' indexers. */
final class InformerDeploymentCache implements DeploymentCache {
    private final Indexer<Deployment> deployments;
    private final Indexer<ReplicaSet> replicaSets;
    private final Indexer<Pod> pods;

    InformerDeploymentCache(Indexer<Deployment> deployments, Indexer<ReplicaSet> replicaSets, Indexer<Pod> pods) {
        this.deployments = deployments;
        this.replicaSets = replicaSets;
        this.pods = pods;
    }

    @Override
    public Deployment deployment(String namespace, String name) {
        return deployments.get(namespace, name);
    }

    @Override
    public List<ReplicaSet> replicaSets(String namespace) {
        return replicaSets.list(namespace);
    }

    @Override
    public List<Pod> pods(String namespace) {
        return pods.list(namespace);
    }
}
