package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.controller.Result;
import io.jctl.controllers.deployment.DeploymentSync.ReplicaSets;
import io.jctl.controllers.deployment.DeploymentSync.Scaled;

import java.util.ArrayList;
import java.util.List;

import static io.jctl.controllers.deployment.DeploymentUtil.replicas;

/**
 * One step of a rolling update, as Kubernetes' {@code rolling.go}: scale the new ReplicaSet up
 * as far as maxSurge allows, or else scale old ones down as far as maxUnavailable allows
 * (unhealthy Pods first, as they cost no availability), or else, when the rollout is complete,
 * clean up history. Each step returns after writing; the ReplicaSets' status changes bring the next.
 */
final class RollingUpdate {
    private final DeploymentSync sync;
    private final RolloutProgress progress;

    RollingUpdate(DeploymentSync sync, RolloutProgress progress) {
        this.sync = sync;
        this.progress = progress;
    }

    Result rollout(Deployment d, ReplicaSets found) {
        ReplicaSets rss = sync.withNewReplicaSet(d, found);
        ReplicaSet newRS = rss.newRS();
        List<ReplicaSet> all = rss.all();

        // Creating the new ReplicaSet at its first size is this pass's scale-up; Kubernetes goes on
        // to scale old ones down in the same pass, but one change per pass keeps each step observable.
        if (found.newRS() == null || reconcileNewReplicaSet(all, newRS, d)) {
            return progress.syncRolloutStatus(all, newRS, d);
        }
        if (reconcileOldReplicaSets(all, DeploymentUtil.active(rss.old()), newRS, d)) {
            return progress.syncRolloutStatus(all, newRS, d);
        }
        if (DeploymentUtil.deploymentComplete(d, d.getStatus())) {
            sync.cleanupDeployment(rss.old(), d);
        }
        return progress.syncRolloutStatus(all, newRS, d);
    }

    /** Scales the new ReplicaSet toward {@code spec.replicas} within the surge; true when it changed. */
    boolean reconcileNewReplicaSet(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d) {
        if (replicas(newRS) == replicas(d)) {
            return false;
        }
        if (replicas(newRS) > replicas(d)) {
            return sync.scaleReplicaSetAndRecordEvent(newRS, replicas(d), d).scaled();
        }
        int target = DeploymentUtil.newRSNewReplicas(d, allRSs, newRS);
        return sync.scaleReplicaSetAndRecordEvent(newRS, target, d).scaled();
    }

    /**
     * Scales old ReplicaSets down as far as availability allows. At most
     * {@code allPods - minAvailable - newRSUnavailable} Pods may go: the new ReplicaSet's
     * unavailable Pods count against the budget so a crash-looping new template never drains
     * the old, healthy Pods. True when anything was scaled down.
     */
    boolean reconcileOldReplicaSets(List<ReplicaSet> allRSs, List<ReplicaSet> oldRSs, ReplicaSet newRS, Deployment d) {
        if (DeploymentUtil.replicaCount(oldRSs) == 0) {
            return false;
        }
        int allPods = DeploymentUtil.replicaCount(allRSs);
        int minAvailable = replicas(d) - DeploymentUtil.maxUnavailable(d);
        int newRSUnavailable = replicas(newRS) - DeploymentUtil.availableWithinSpec(List.of(newRS));
        int maxScaledDown = allPods - minAvailable - newRSUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        Cleanup cleanup = cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown);
        List<ReplicaSet> afterCleanup = new ArrayList<>(cleanup.oldRSs());
        afterCleanup.add(newRS);
        int scaledDown = scaleDownOldReplicaSetsForRollingUpdate(afterCleanup, cleanup.oldRSs(), d);
        return cleanup.scaledDown() + scaledDown > 0;
    }

    /** The old ReplicaSets after cleanup (scaled ones replaced by their new versions) and how many Pods went. */
    record Cleanup(List<ReplicaSet> oldRSs, int scaledDown) {
    }

    /**
     * Takes away the old ReplicaSets' unavailable Pods first, oldest ReplicaSet first, up to
     * {@code maxCleanup}: the ReplicaSet controller deletes not-ready Pods before ready ones, so
     * this costs no availability.
     */
    Cleanup cleanupUnhealthyReplicas(List<ReplicaSet> oldRSs, Deployment d, int maxCleanup) {
        List<ReplicaSet> sorted = new ArrayList<>(oldRSs);
        sorted.sort(DeploymentUtil.BY_CREATION);
        int total = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (total >= maxCleanup) {
                break;
            }
            ReplicaSet rs = sorted.get(i);
            int available = DeploymentUtil.availableWithinSpec(List.of(rs));
            if (replicas(rs) == 0 || replicas(rs) == available) {
                continue;
            }
            int count = Math.min(maxCleanup - total, replicas(rs) - available);
            int newSize = replicas(rs) - count;
            Scaled scaled = sync.scaleReplicaSetAndRecordEvent(rs, newSize, d);
            total += count;
            sorted.set(i, scaled.rs());
        }
        return new Cleanup(sorted, total);
    }

    /**
     * Scales old ReplicaSets down, oldest first, by as many Pods as are available beyond
     * {@code minAvailable}; returns how many.
     */
    int scaleDownOldReplicaSetsForRollingUpdate(List<ReplicaSet> allRSs, List<ReplicaSet> oldRSs, Deployment d) {
        int minAvailable = replicas(d) - DeploymentUtil.maxUnavailable(d);
        int available = DeploymentUtil.availableWithinSpec(allRSs);
        if (available <= minAvailable) {
            return 0;
        }
        List<ReplicaSet> sorted = new ArrayList<>(oldRSs);
        sorted.sort(DeploymentUtil.BY_CREATION);
        int total = 0;
        int toScaleDown = available - minAvailable;
        for (ReplicaSet rs : sorted) {
            if (total >= toScaleDown) {
                break;
            }
            if (replicas(rs) == 0) {
                continue;
            }
            int count = Math.min(replicas(rs), toScaleDown - total);
            sync.scaleReplicaSetAndRecordEvent(rs, replicas(rs) - count, d);
            total += count;
        }
        return total;
    }
}
