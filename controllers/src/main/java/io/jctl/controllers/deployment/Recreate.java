package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.controller.Result;
import io.jctl.controllers.deployment.DeploymentSync.ReplicaSets;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.jctl.controllers.deployment.DeploymentUtil.replicas;

/**
 * The Recreate strategy, as Kubernetes' {@code recreate.go}: scale every old ReplicaSet to 0,
 * wait until none of their Pods is left running (terminal Pods don't count), and only then
 * create or scale up the new ReplicaSet, so old and new Pods never run side by side.
 */
final class Recreate {
    private final DeploymentCache cache;
    private final DeploymentSync sync;
    private final RolloutProgress progress;

    Recreate(DeploymentCache cache, DeploymentSync sync, RolloutProgress progress) {
        this.cache = cache;
        this.sync = sync;
        this.progress = progress;
    }

    Result rollout(Deployment d, ReplicaSets found) {
        ReplicaSets rss = found;
        boolean scaledDown = false;
        for (ReplicaSet old : DeploymentUtil.active(rss.old())) {
            scaledDown |= sync.scaleReplicaSetAndRecordEvent(old, 0, d).scaled();
        }
        if (scaledDown) {
            return progress.syncRolloutStatus(rss.all(), rss.newRS(), d);
        }
        if (oldPodsRunning(rss, cache.pods(d.getMetadata().getNamespace()))) {
            return progress.syncRolloutStatus(rss.all(), rss.newRS(), d);
        }
        rss = sync.withNewReplicaSet(d, rss);
        sync.scaleReplicaSetAndRecordEvent(rss.newRS(), replicas(d), d);
        if (DeploymentUtil.deploymentComplete(d, d.getStatus())) {
            sync.cleanupDeployment(rss.old(), d);
        }
        return progress.syncRolloutStatus(rss.all(), rss.newRS(), d);
    }

    /**
     * Whether an old ReplicaSet still reports Pods, or a Pod controlled by one is not yet
     * Succeeded or Failed (the cache may know a Pod before the ReplicaSet's status does).
     */
    static boolean oldPodsRunning(ReplicaSets rss, List<Pod> podsInNamespace) {
        if (DeploymentUtil.actualReplicaCount(rss.old()) > 0) {
            return true;
        }
        Set<String> oldUids = new HashSet<>();
        for (ReplicaSet rs : rss.old()) {
            oldUids.add(DeploymentUtil.uid(rs));
        }
        for (Pod p : podsInNamespace) {
            OwnerReference ref = DeploymentUtil.controllerOf(p);
            if (ref == null || !oldUids.contains(ref.getUid())) {
                continue;
            }
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                return true;
            }
        }
        return false;
    }
}
