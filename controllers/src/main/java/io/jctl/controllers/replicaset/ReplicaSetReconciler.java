package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.controller.OwnerKeys;
import io.jctl.api.controller.Reconciler;
import io.jctl.api.controller.Result;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.api.selector.LabelSelector;
import io.jctl.api.selector.SelectorException;
import io.jctl.controllers.expectations.Expectations;
import io.jctl.controllers.ownership.ControllerRefs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Makes the number of active pods a ReplicaSet controls equal its {@code spec.replicas}: claims
 * matching orphans and releases pods that stopped matching, creates missing pods in slow-start
 * batches and deletes surplus ones cheapest first ({@link ActivePods}), then writes the status.
 * While earlier creations or deletions have not come back through the watch
 * ({@link Expectations}) it does not scale again.
 */
public final class ReplicaSetReconciler implements Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetReconciler.class);

    /** At most this many creations or deletions per pass, as Kubernetes' burstReplicas. */
    static final int BURST_REPLICAS = 500;

    private final Indexer<ReplicaSet> replicaSets;
    private final Indexer<Pod> pods;
    private final ReplicaSetWrites writes;
    private final Expectations expectations;
    private final Executor executor;
    private final Clock clock;

    public ReplicaSetReconciler(Indexer<ReplicaSet> replicaSets, Indexer<Pod> pods, ReplicaSetWrites writes,
                                Expectations expectations, Executor executor, Clock clock) {
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.writes = writes;
        this.expectations = expectations;
        this.executor = executor;
        this.clock = clock;
        ensureClaimIndex(pods);
    }

    /** Index of pods by who may claim them: {@code uid/<controller uid>}, or {@code orphan/<namespace>}. */
    static final String CLAIM_INDEX = "replicaset-claim";

    /**
     * Adds {@link #CLAIM_INDEX} to the pod cache unless it is there. A reconcile then reads the
     * pods its ReplicaSet controls and the namespace's orphans, not every pod of the namespace:
     * while a Deployment of thousands of pods rolls, each of its ReplicaSets is reconciled
     * hundreds of times, and the other ReplicaSet's pods are the larger part of the namespace.
     */
    static void ensureClaimIndex(Indexer<Pod> pods) {
        try {
            pods.addIndex(CLAIM_INDEX, p -> List.of(OwnerKeys.controllerRef(p).map(r -> "uid/" + r.getUid())
                    .orElse("orphan/" + p.getMetadata().getNamespace())));
        } catch (IllegalArgumentException e) {
            // another ReplicaSet controller on the same cache added it
        }
    }

    @Override
    public Result reconcile(String key) {
        ReplicaSet rs = replicaSets.getByKey(key);
        if (rs == null) {
            expectations.delete(key);
            return Result.done();
        }
        if (rs.getMetadata().getDeletionTimestamp() != null) {
            // The garbage collector owns what happens to the pods of a ReplicaSet being deleted.
            return Result.done();
        }
        LabelSelector selector;
        try {
            selector = LabelSelector.from(rs.getSpec().getSelector());
        } catch (SelectorException e) {
            LOG.warn("ReplicaSet {} has an invalid selector: {}", key, e.getMessage());
            return Result.done();
        }
        // Read before listing pods: a creation observed after this point was not in the list.
        boolean satisfied = expectations.satisfied(key);
        List<Pod> candidates = pods.byIndex(CLAIM_INDEX, "uid/" + rs.getMetadata().getUid());
        candidates.addAll(pods.byIndex(CLAIM_INDEX, "orphan/" + rs.getMetadata().getNamespace()));
        List<Pod> active = new ArrayList<>(candidates.size());
        for (Pod p : candidates) {
            if (PodReadiness.isActive(p)) {
                active.add(p);
            }
        }
        List<Pod> owned = claim(rs, selector, active);

        RuntimeException manageError = null;
        if (satisfied) {
            try {
                manageReplicas(key, rs, owned);
            } catch (RuntimeException e) {
                manageError = e;
            }
        }
        Instant now = clock.instant();
        ReplicaSetStatus status = ReplicaSetStatusCalculator.calculate(rs, owned, now);
        if (ReplicaSetStatusCalculator.differs(rs.getStatus(), status)) {
            ReplicaSet copy = Json.convert(Json.toTree(rs), ReplicaSet.class);
            copy.setStatus(status);
            writes.updateStatus(copy);
        }
        if (manageError != null) {
            throw manageError;
        }
        return untilNextAvailable(rs, owned, now);
    }

    /** Adopts matching orphans and releases pods that no longer match; returns the pods controlled now. */
    private List<Pod> claim(ReplicaSet rs, LabelSelector selector, List<Pod> active) {
        ControllerRefs.Claim<Pod> claim = ControllerRefs.claim(rs, selector, active);
        List<Pod> owned = new ArrayList<>(claim.owned());
        OwnerReference ref = ControllerRefs.controllerRef(rs, "apps/v1", "ReplicaSet");
        for (Pod p : claim.adopt()) {
            try {
                writes.setOwnerReferences(p, ControllerRefs.with(p, ref));
                owned.add(p);
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        for (Pod p : claim.release()) {
            try {
                writes.setOwnerReferences(p, ControllerRefs.without(p, rs.getMetadata().getUid()));
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return owned;
    }

    private void manageReplicas(String key, ReplicaSet rs, List<Pod> owned) {
        int wanted = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        int diff = owned.size() - wanted;
        if (diff < 0) {
            int n = Math.min(-diff, BURST_REPLICAS);
            expectations.expectCreations(key, n);
            // One copy of the template's spec for the whole pass: the pods only go out as JSON.
            PodSpec spec = copySpec(rs);
            SlowStart.Outcome out = SlowStart.run(n, executor, () -> writes.createPod(newPod(rs, spec)));
            // Pods never created never come back through the watch: stop expecting them.
            for (int i = out.successes(); i < n; i++) {
                expectations.creationObserved(key);
            }
            if (out.failure() != null) {
                throw out.failure();
            }
        } else if (diff > 0) {
            List<Pod> victims = ActivePods.toDelete(owned, Math.min(diff, BURST_REPLICAS));
            expectations.expectDeletions(key, victims.stream().map(p -> p.getMetadata().getUid()).toList());
            deleteAll(key, victims);
        }
    }

    private void deleteAll(String key, List<Pod> victims) {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (Pod p : victims) {
            ObjectMeta m = p.getMetadata();
            calls.add(CompletableFuture.runAsync(() -> {
                try {
                    writes.deletePod(m.getNamespace(), m.getName(), m.getUid());
                } catch (RuntimeException e) {
                    expectations.deletionObserved(key, m.getUid());
                    throw e;
                }
            }, executor));
        }
        RuntimeException first = null;
        for (CompletableFuture<Void> c : calls) {
            try {
                c.join();
            } catch (CompletionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A new pod from the template, controlled by the ReplicaSet and named {@code <rs>-<5 random chars>}. */
    static Pod newPod(ReplicaSet rs) {
        return newPod(rs, copySpec(rs));
    }

    /** A copy of the template's pod spec: the ReplicaSet is the informer cache's, not to be shared out. */
    private static PodSpec copySpec(ReplicaSet rs) {
        return Json.convert(Json.toTree(rs.getSpec().getTemplate().getSpec()), PodSpec.class);
    }

    /** Like {@link #newPod(ReplicaSet)} with {@code spec} as the pod's spec (not copied). */
    private static Pod newPod(ReplicaSet rs, PodSpec spec) {
        PodTemplateSpec template = rs.getSpec().getTemplate();
        ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        ObjectMeta meta = new ObjectMeta();
        meta.setGenerateName(rs.getMetadata().getName() + "-");
        meta.setNamespace(rs.getMetadata().getNamespace());
        meta.setLabels(tm.getLabels() == null ? null : new HashMap<>(tm.getLabels()));
        meta.setAnnotations(tm.getAnnotations() == null ? null : new HashMap<>(tm.getAnnotations()));
        meta.setFinalizers(tm.getFinalizers() == null ? null : new ArrayList<>(tm.getFinalizers()));
        meta.setOwnerReferences(List.of(ControllerRefs.controllerRef(rs, "apps/v1", "ReplicaSet")));
        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(meta);
        pod.setSpec(spec);
        return pod;
    }

    /** With minReadySeconds, ready pods become available with no event to tell: look again then. */
    private static Result untilNextAvailable(ReplicaSet rs, List<Pod> owned, Instant now) {
        int minReady = ReplicaSetStatusCalculator.minReadySeconds(rs);
        if (minReady <= 0) {
            return Result.done();
        }
        Duration soonest = null;
        for (Pod p : owned) {
            Duration left = PodReadiness.availableIn(p, minReady, now).orElse(Duration.ZERO);
            if (!left.isZero() && (soonest == null || left.compareTo(soonest) < 0)) {
                soonest = left;
            }
        }
        return soonest == null ? Result.done() : Result.requeueAfter(soonest);
    }
}
