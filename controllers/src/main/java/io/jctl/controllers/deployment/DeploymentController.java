package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.api.controller.Controller;
import io.jctl.controllers.ControllerContext;

/** Wires the {@link DeploymentReconciler} to the Deployment, ReplicaSet and Pod informers. */
public final class DeploymentController {
    public static final String NAME = "deployment";

    private DeploymentController() {
    }

    public static Controller create(ControllerContext ctx) {
        SharedInformer<Deployment> deployments = ctx.informers().informer(ResourceRef.DEPLOYMENTS, Deployment.class);
        SharedInformer<ReplicaSet> replicaSets = ctx.informers().informer(ResourceRef.REPLICASETS, ReplicaSet.class);
        SharedInformer<Pod> pods = ctx.informers().informer(ResourceRef.PODS, Pod.class);
        DeploymentEvents events = new DeploymentEvents(deployments.indexer(), replicaSets.indexer());
        DeploymentReconciler reconciler = new DeploymentReconciler(
                new InformerDeploymentCache(deployments.indexer(), replicaSets.indexer(), pods.indexer()),
                new ApiDeploymentWrites(ctx.client()), ctx.clock());
        Controller controller = ctx.controller(NAME, reconciler)
                .primary(deployments)
                .secondary(replicaSets, events::forReplicaSet)
                .waitsFor(pods)
                .build();
        // Only deletions matter (Recreate waits for old Pods to go); mapping every Pod update
        // would wake the Deployment thousands of times during a large rollout.
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onDelete(Pod pod) {
                events.forDeletedPod(pod).forEach(controller::enqueue);
            }
        });
        return controller;
    }
}
