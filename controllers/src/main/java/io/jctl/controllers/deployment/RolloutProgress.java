package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.jctl.api.controller.Result;
import io.jctl.api.json.Json;
import io.jctl.api.json.JsonTrees;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.jctl.controllers.deployment.DeploymentConditions.AVAILABLE;
import static io.jctl.controllers.deployment.DeploymentConditions.PROGRESSING;
import static io.jctl.controllers.deployment.DeploymentConditions.REPLICA_FAILURE;

/**
 * The Deployment's status, as Kubernetes' {@code progress.go} and {@code calculateStatus}: the
 * counters summed over its ReplicaSets, {@code Available} against the minimum availability,
 * {@code Progressing} (created/found, progressing, complete, deadline exceeded, paused/resumed),
 * and when to look again so a stuck rollout is reported at its deadline without any event.
 */
final class RolloutProgress {
    private final DeploymentWrites writes;
    private final Clock clock;

    RolloutProgress(DeploymentWrites writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
    }

    /** Writes {@code d}'s status; {@code d} takes the new resourceVersion so later writes of the pass don't conflict. */
    void writeStatus(Deployment d) {
        Deployment updated = writes.updateDeploymentStatus(d);
        d.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
    }

    /** Counters and the Available condition; the other conditions are carried over. */
    DeploymentStatus calculateStatus(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d) {
        int available = DeploymentUtil.availableReplicaCount(allRSs);
        int total = DeploymentUtil.replicaCount(allRSs);
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        DeploymentStatus s = new DeploymentStatus();
        s.setObservedGeneration(d.getMetadata().getGeneration());
        s.setReplicas(DeploymentUtil.actualReplicaCount(allRSs));
        s.setUpdatedReplicas(newRS == null ? 0 : DeploymentUtil.actualReplicaCount(List.of(newRS)));
        s.setReadyReplicas(DeploymentUtil.readyReplicaCount(allRSs));
        s.setAvailableReplicas(available);
        // Negative while scaling down (more available than asked for): report none unavailable.
        s.setUnavailableReplicas(Math.max(0, total - available));
        s.setCollisionCount(old.getCollisionCount());
        s.setConditions(old.getConditions() == null ? new ArrayList<>() : new ArrayList<>(old.getConditions()));
        Instant now = clock.instant();
        if (available >= DeploymentUtil.replicas(d) - DeploymentUtil.maxUnavailable(d)) {
            DeploymentConditions.set(s, DeploymentConditions.newCondition(AVAILABLE, "True",
                    DeploymentConditions.MINIMUM_REPLICAS_AVAILABLE, "Deployment has minimum availability.", now));
        } else {
            DeploymentConditions.set(s, DeploymentConditions.newCondition(AVAILABLE, "False",
                    DeploymentConditions.MINIMUM_REPLICAS_UNAVAILABLE, "Deployment does not have minimum availability.", now));
        }
        return s;
    }

    /** The status for a pass that did not roll (paused, scaling, being deleted). */
    void syncDeploymentStatus(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d) {
        DeploymentStatus s = calculateStatus(allRSs, newRS, d);
        if (sameStatus(d.getStatus(), s)) {
            return;
        }
        d.setStatus(s);
        writeStatus(d);
    }

    /**
     * The status after a rollout step, with the Progressing condition judged against the
     * deadline; returns when to look again for a deadline that no event will announce.
     */
    Result syncRolloutStatus(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d) {
        DeploymentStatus s = calculateStatus(allRSs, newRS, d);
        Instant now = clock.instant();
        if (!DeploymentUtil.hasProgressDeadline(d)) {
            DeploymentConditions.remove(s, PROGRESSING);
        }
        DeploymentCondition current = DeploymentConditions.get(d.getStatus(), PROGRESSING);
        boolean alreadyComplete = DeploymentUtil.n(s.getReplicas()) == DeploymentUtil.n(s.getUpdatedReplicas())
                && current != null && DeploymentConditions.NEW_RS_AVAILABLE.equals(current.getReason());
        if (DeploymentUtil.hasProgressDeadline(d) && !alreadyComplete) {
            String subject = newRS != null ? "ReplicaSet \"" + newRS.getMetadata().getName() + "\""
                    : "Deployment \"" + d.getMetadata().getName() + "\"";
            if (DeploymentUtil.deploymentComplete(d, s)) {
                DeploymentConditions.set(s, DeploymentConditions.newCondition(PROGRESSING, "True",
                        DeploymentConditions.NEW_RS_AVAILABLE, subject + " has successfully progressed.", now));
            } else if (DeploymentUtil.deploymentProgressing(d, s)) {
                DeploymentCondition c = DeploymentConditions.newCondition(PROGRESSING, "True",
                        DeploymentConditions.RS_UPDATED, subject + " is progressing.", now);
                // Progress moves lastUpdateTime even when the reason stays: remove, then set.
                if (current != null) {
                    if ("True".equals(current.getStatus())) {
                        c.setLastTransitionTime(current.getLastTransitionTime());
                    }
                    DeploymentConditions.remove(s, PROGRESSING);
                }
                DeploymentConditions.set(s, c);
            } else if (DeploymentUtil.deploymentTimedOut(d, s, now)) {
                DeploymentConditions.set(s, DeploymentConditions.newCondition(PROGRESSING, "False",
                        DeploymentConditions.TIMED_OUT, subject + " has timed out progressing.", now));
            }
        }
        DeploymentCondition failure = replicaFailure(allRSs, newRS);
        if (failure != null) {
            DeploymentConditions.set(s, failure);
        } else {
            DeploymentConditions.remove(s, REPLICA_FAILURE);
        }
        if (!sameStatus(d.getStatus(), s)) {
            d.setStatus(s);
            writeStatus(d);
        }
        return requeueForDeadline(d, s, now);
    }

    /**
     * When the deadline of a rollout in progress falls: lastUpdateTime + progressDeadlineSeconds
     * (plus a second against clock skew between the timestamp and the timer); nothing for a
     * complete or already timed-out rollout.
     */
    Result requeueForDeadline(Deployment d, DeploymentStatus s, Instant now) {
        DeploymentCondition c = DeploymentConditions.get(s, PROGRESSING);
        if (!DeploymentUtil.hasProgressDeadline(d) || c == null) {
            return Result.done();
        }
        if (DeploymentUtil.deploymentComplete(d, s) || DeploymentConditions.TIMED_OUT.equals(c.getReason())
                || DeploymentConditions.NEW_RS_AVAILABLE.equals(c.getReason())) {
            return Result.done();
        }
        Instant from = DeploymentConditions.time(c.getLastUpdateTime());
        if (from == null) {
            return Result.done();
        }
        Duration after = Duration.between(now, from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()));
        if (after.compareTo(Duration.ofSeconds(1)) < 0) {
            return Result.requeueAfter(Duration.ofSeconds(1));
        }
        return Result.requeueAfter(after.plusSeconds(1));
    }

    private static DeploymentCondition replicaFailure(List<ReplicaSet> allRSs, ReplicaSet newRS) {
        if (newRS != null) {
            DeploymentCondition c = failureOf(newRS);
            if (c != null) {
                return c;
            }
        }
        for (ReplicaSet rs : allRSs) {
            DeploymentCondition c = rs == null ? null : failureOf(rs);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static DeploymentCondition failureOf(ReplicaSet rs) {
        if (rs.getStatus() == null || rs.getStatus().getConditions() == null) {
            return null;
        }
        for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
            if (REPLICA_FAILURE.equals(c.getType())) {
                return DeploymentConditions.fromReplicaSet(c);
            }
        }
        return null;
    }

    /**
     * Records pausing and resuming in the Progressing condition, so time spent paused never
     * counts against the progress deadline; a reported deadline excess is left alone.
     */
    void checkPausedConditions(Deployment d) {
        if (!DeploymentUtil.hasProgressDeadline(d)) {
            return;
        }
        DeploymentCondition c = DeploymentConditions.get(d.getStatus(), PROGRESSING);
        if (c != null && DeploymentConditions.TIMED_OUT.equals(c.getReason())) {
            return;
        }
        boolean pausedRecorded = c != null && DeploymentConditions.PAUSED.equals(c.getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        if (paused && !pausedRecorded) {
            DeploymentConditions.set(d.getStatus(), DeploymentConditions.newCondition(PROGRESSING, "Unknown",
                    DeploymentConditions.PAUSED, "Deployment is paused", clock.instant()));
        } else if (!paused && pausedRecorded) {
            DeploymentConditions.set(d.getStatus(), DeploymentConditions.newCondition(PROGRESSING, "Unknown",
                    DeploymentConditions.RESUMED, "Deployment is resumed", clock.instant()));
        } else {
            return;
        }
        writeStatus(d);
    }

    static boolean sameStatus(DeploymentStatus a, DeploymentStatus b) {
        return JsonTrees.sameContent(Json.mapper().valueToTree(a == null ? new DeploymentStatus() : a),
                Json.mapper().valueToTree(b == null ? new DeploymentStatus() : b));
    }
}
