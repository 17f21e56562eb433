package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.controller.Reconciler;
import io.jctl.api.controller.Result;
import io.jctl.api.errors.ApiException;
import io.jctl.controllers.deployment.DeploymentSync.ReplicaSets;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The dispatcher, as Kubernetes' {@code syncDeployment}: reads the Deployment and claims its
 * ReplicaSets, then hands the pass to exactly one concern — status only while it is being
 * deleted, a plain sync while paused or when {@code spec.replicas} changed, otherwise its
 * strategy (Recreate or RollingUpdate). Rollback needs no branch: an undo is a template change
 * back to an old ReplicaSet's, which {@link DeploymentSync#replicaSets} recognises.
 */
public final class DeploymentReconciler implements Reconciler {
    /** A stale resourceVersion: the watch is about to deliver the newer object; look again soon. */
    static final Duration CONFLICT_RETRY = Duration.ofMillis(100);

    private final DeploymentCache cache;
    private final ReplicaSetClaims claims;
    private final RolloutProgress progress;
    private final DeploymentSync sync;
    private final RollingUpdate rolling;
    private final Recreate recreate;

    public DeploymentReconciler(DeploymentCache cache, DeploymentWrites writes, Clock clock) {
        this.cache = cache;
        this.claims = new ReplicaSetClaims(writes);
        this.progress = new RolloutProgress(writes, clock);
        this.sync = new DeploymentSync(cache, writes, progress, clock);
        this.rolling = new RollingUpdate(sync, progress);
        this.recreate = new Recreate(cache, sync, progress);
    }

    @Override
    public Result reconcile(String key) {
        Deployment cached = cache.deployment(Keys.namespace(key), Keys.name(key));
        if (cached == null) {
            return Result.done();
        }
        try {
            return reconcile(DeploymentUtil.copy(cached));
        } catch (ApiException e) {
            if (e.code() == 409 && !"AlreadyExists".equals(e.reason())) {
                return Result.requeueAfter(CONFLICT_RETRY);
            }
            throw e;
        }
    }

    private Result reconcile(Deployment d) {
        if (d.getStatus() == null) {
            d.setStatus(new DeploymentStatus());
        }
        if (selectsEverything(d)) {
            // Kubernetes refuses to act on an empty selector; it only records that it saw the spec.
            if (DeploymentUtil.n(d.getStatus().getObservedGeneration()) < DeploymentUtil.n(d.getMetadata().getGeneration())) {
                d.getStatus().setObservedGeneration(d.getMetadata().getGeneration());
                progress.writeStatus(d);
            }
            return Result.done();
        }
        List<ReplicaSet> owned = claims.claim(d, cache.replicaSets(d.getMetadata().getNamespace()));
        if (d.getMetadata().getDeletionTimestamp() != null) {
            ReplicaSets rss = sync.replicaSets(d, owned);
            progress.syncDeploymentStatus(rss.all(), rss.newRS(), d);
            return Result.done();
        }
        progress.checkPausedConditions(d);
        ReplicaSets rss = sync.replicaSets(d, owned);
        if (Boolean.TRUE.equals(d.getSpec().getPaused()) || DeploymentSync.isScalingEvent(d, rss)) {
            return sync.sync(d, rss);
        }
        if (DeploymentUtil.isRecreate(d)) {
            return recreate.rollout(d, rss);
        }
        if (DeploymentUtil.isRollingUpdate(d)) {
            return rolling.rollout(d, rss);
        }
        throw new IllegalArgumentException("deployment " + d.getMetadata().getNamespace() + "/" + d.getMetadata().getName()
                + ": unexpected strategy type \"" + d.getSpec().getStrategy().getType() + "\"");
    }

    private static boolean selectsEverything(Deployment d) {
        var s = d.getSpec().getSelector();
        return s != null && (s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
    }
}
