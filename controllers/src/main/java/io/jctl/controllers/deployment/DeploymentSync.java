package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.jctl.api.controller.Result;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.controllers.ownership.ControllerRefs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jctl.controllers.deployment.DeploymentUtil.replicas;

/**
 * The ReplicaSet side of a pass, as Kubernetes' {@code sync.go}: which ReplicaSet is new and
 * its revision, creating it (with the hash-collision dance), scaling one ReplicaSet, scaling
 * all of them proportionally when {@code spec.replicas} changes mid-rollout or while paused,
 * and deleting old ReplicaSets beyond {@code revisionHistoryLimit}.
 */
final class DeploymentSync {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentSync.class);

    /** The new ReplicaSet (null until created) and every other one the Deployment owns. */
    record ReplicaSets(ReplicaSet newRS, List<ReplicaSet> old) {
        List<ReplicaSet> all() {
            List<ReplicaSet> all = new ArrayList<>(old);
            if (newRS != null) {
                all.add(newRS);
            }
            return all;
        }
    }

    private final DeploymentCache cache;
    private final DeploymentWrites writes;
    private final RolloutProgress progress;
    private final Clock clock;

    DeploymentSync(DeploymentCache cache, DeploymentWrites writes, RolloutProgress progress, Clock clock) {
        this.cache = cache;
        this.writes = writes;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * Splits the owned ReplicaSets into new and old; an existing new one gets its revision
     * raised above the old ones (a rollback makes an old template new again) and its
     * annotations and minReadySeconds synced, and the Deployment's revision follows it.
     */
    ReplicaSets replicaSets(Deployment d, List<ReplicaSet> owned) {
        ReplicaSet existing = DeploymentUtil.findNewReplicaSet(d, owned);
        List<ReplicaSet> old = new ArrayList<>(owned);
        if (existing == null) {
            return new ReplicaSets(null, old);
        }
        old.remove(existing);
        String newRevision = Long.toString(DeploymentUtil.maxRevision(old) + 1);
        ReplicaSet rs = DeploymentUtil.copy(existing);
        boolean annotationsChanged = DeploymentUtil.setNewReplicaSetAnnotations(d, rs, newRevision, true);
        int minReady = DeploymentUtil.n(d.getSpec().getMinReadySeconds());
        if (annotationsChanged || DeploymentUtil.n(rs.getSpec().getMinReadySeconds()) != minReady) {
            rs.getSpec().setMinReadySeconds(minReady);
            if (DeploymentUtil.revision(existing) > 0 && DeploymentUtil.revision(rs) > DeploymentUtil.revision(existing)) {
                LOG.info("deployment {}/{}: template of revision {} is back, now revision {} ({})",
                        ns(d), name(d), DeploymentUtil.revision(existing), DeploymentUtil.revision(rs), rs.getMetadata().getName());
            }
            rs = writes.updateReplicaSet(rs);
        }
        syncDeploymentRevision(d, DeploymentUtil.annotations(rs).get(DeploymentUtil.REVISION));
        DeploymentCondition progressing = DeploymentConditions.get(d.getStatus(), DeploymentConditions.PROGRESSING);
        if (DeploymentUtil.hasProgressDeadline(d) && progressing == null) {
            DeploymentConditions.set(d.getStatus(), DeploymentConditions.newCondition(DeploymentConditions.PROGRESSING,
                    "True", DeploymentConditions.FOUND_NEW_RS, "Found new replica set \"" + rs.getMetadata().getName() + "\"",
                    clock.instant()));
            progress.writeStatus(d);
        }
        return new ReplicaSets(rs, old);
    }

    /** The new ReplicaSet, created at the size the strategy allows now if it does not exist yet. */
    ReplicaSets withNewReplicaSet(Deployment d, ReplicaSets rss) {
        if (rss.newRS() != null) {
            return rss;
        }
        return new ReplicaSets(createNewReplicaSet(d, rss.old()), rss.old());
    }

    private ReplicaSet createNewReplicaSet(Deployment d, List<ReplicaSet> old) {
        String newRevision = Long.toString(DeploymentUtil.maxRevision(old) + 1);
        Integer collisionCount = d.getStatus().getCollisionCount();
        String hash = DeploymentUtil.podTemplateHash(d.getSpec().getTemplate(), collisionCount);
        PodTemplateSpec template = Json.convert(Json.toTree(d.getSpec().getTemplate()), PodTemplateSpec.class);
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(DeploymentUtil.POD_TEMPLATE_HASH, hash);
        template.getMetadata().setLabels(labels);
        LabelSelector selector = Json.convert(Json.toTree(d.getSpec().getSelector()), LabelSelector.class);
        Map<String, String> matchLabels = new LinkedHashMap<>();
        if (selector.getMatchLabels() != null) {
            matchLabels.putAll(selector.getMatchLabels());
        }
        matchLabels.put(DeploymentUtil.POD_TEMPLATE_HASH, hash);
        selector.setMatchLabels(matchLabels);

        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata()
                    .withName(name(d) + "-" + hash)
                    .withNamespace(ns(d))
                    .withOwnerReferences(controllerRef(d))
                    .withLabels(new LinkedHashMap<>(labels))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(0)
                    .withMinReadySeconds(DeploymentUtil.n(d.getSpec().getMinReadySeconds()))
                    .withSelector(selector)
                    .withTemplate(template)
                .endSpec()
                .build();
        List<ReplicaSet> all = new ArrayList<>(old);
        all.add(rs);
        int size = DeploymentUtil.newRSNewReplicas(d, all, rs);
        rs.getSpec().setReplicas(size);
        DeploymentUtil.setNewReplicaSetAnnotations(d, rs, newRevision, false);

        ReplicaSet created;
        boolean alreadyExists = false;
        try {
            created = writes.createReplicaSet(rs);
            LOG.info("deployment {}/{}: created replica set {} with {} replicas (revision {})", ns(d), name(d),
                    rs.getMetadata().getName(), size, newRevision);
        } catch (ApiException e) {
            if (e.code() == 409 && "AlreadyExists".equals(e.reason())) {
                created = adoptableExisting(d, rs.getMetadata().getName(), e);
                alreadyExists = true;
            } else {
                if (DeploymentUtil.hasProgressDeadline(d)) {
                    DeploymentConditions.set(d.getStatus(), DeploymentConditions.newCondition(
                            DeploymentConditions.PROGRESSING, "False", DeploymentConditions.FAILED_RS_CREATE,
                            "Failed to create new replica set \"" + rs.getMetadata().getName() + "\": " + e.getMessage(),
                            clock.instant()));
                    try {
                        progress.writeStatus(d);
                    } catch (RuntimeException ignored) {
                        // the create failure is the news; the retry will report again
                    }
                }
                throw e;
            }
        }
        syncDeploymentRevision(d, newRevision);
        if (!alreadyExists && DeploymentUtil.hasProgressDeadline(d)) {
            DeploymentConditions.set(d.getStatus(), DeploymentConditions.newCondition(DeploymentConditions.PROGRESSING,
                    "True", DeploymentConditions.NEW_RS_CREATED,
                    "Created new replica set \"" + created.getMetadata().getName() + "\"", clock.instant()));
            progress.writeStatus(d);
        }
        return created;
    }

    /**
     * The ReplicaSet named after our hash already exists: it is ours when we control it and it
     * has our template (a create whose answer got lost); otherwise two templates hashed alike,
     * so the collision count goes up and the next pass tries another name.
     */
    private ReplicaSet adoptableExisting(Deployment d, String rsName, ApiException alreadyExists) {
        ReplicaSet existing = cache.replicaSets(ns(d)).stream()
                .filter(r -> rsName.equals(r.getMetadata().getName())).findFirst().orElse(null);
        if (existing == null) {
            // Not cached yet: the watch will bring it and the retry decide.
            throw alreadyExists;
        }
        OwnerReference ref = DeploymentUtil.controllerOf(existing);
        if (ref != null && DeploymentUtil.uid(d).equals(ref.getUid())
                && DeploymentUtil.equalIgnoreHash(d.getSpec().getTemplate(), existing.getSpec().getTemplate())) {
            return existing;
        }
        int before = DeploymentUtil.n(d.getStatus().getCollisionCount());
        d.getStatus().setCollisionCount(before + 1);
        LOG.info("deployment {}/{}: pod-template-hash collision on {}; collisionCount {} -> {}", ns(d), name(d),
                rsName, before, before + 1);
        progress.writeStatus(d);
        throw alreadyExists;
    }

    /** Puts the revision annotation on the Deployment (a metadata patch: status writes cannot carry it). */
    void syncDeploymentRevision(Deployment d, String revision) {
        if (!DeploymentUtil.setDeploymentRevision(d, revision)) {
            return;
        }
        String patch = Json.toJson(Map.of("metadata", Map.of("annotations", Map.of(DeploymentUtil.REVISION, revision))));
        Deployment patched = writes.patchDeployment(ns(d), name(d), patch);
        d.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
    }

    static OwnerReference controllerRef(Deployment d) {
        return ControllerRefs.controllerRef(d, "apps/v1", "Deployment");
    }

    // ---- scaling ------------------------------------------------------------------------------

    /** The result of scaling one ReplicaSet: whether its size changed, and its latest version. */
    record Scaled(boolean scaled, ReplicaSet rs) {
    }

    /** Scales {@code rs} to {@code newScale} (and refreshes its replicas annotations) unless it is there already. */
    Scaled scaleReplicaSetAndRecordEvent(ReplicaSet rs, int newScale, Deployment d) {
        if (replicas(rs) == newScale) {
            return new Scaled(false, rs);
        }
        return scaleReplicaSet(rs, newScale, d, replicas(rs) < newScale ? "up" : "down");
    }

    Scaled scaleReplicaSet(ReplicaSet rs, int newScale, Deployment d, String operation) {
        int desired = replicas(d);
        int max = desired + DeploymentUtil.maxSurge(d);
        boolean sizeChanges = replicas(rs) != newScale;
        if (!sizeChanges && !DeploymentUtil.replicasAnnotationsNeedUpdate(rs, desired, max)) {
            return new Scaled(false, rs);
        }
        int oldScale = replicas(rs);
        ReplicaSet copy = DeploymentUtil.copy(rs);
        copy.getSpec().setReplicas(newScale);
        DeploymentUtil.setReplicasAnnotations(copy, desired, max);
        ReplicaSet updated = writes.updateReplicaSet(copy);
        if (sizeChanges) {
            LOG.info("deployment {}/{}: scaled {} replica set {} from {} to {}", ns(d), name(d), operation,
                    rs.getMetadata().getName(), oldScale, newScale);
        }
        return new Scaled(sizeChanges, updated);
    }

    /**
     * Brings the ReplicaSets to {@code spec.replicas} without rolling: the only active one (or
     * the newest) takes it all; a saturated new one means the old go to 0; otherwise, for a
     * rolling update, the difference is shared in proportion to their sizes, the largest
     * absorbing the rounding leftovers.
     */
    void scale(Deployment d, ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        ReplicaSet activeOrLatest = DeploymentUtil.findActiveOrLatest(newRS, oldRSs);
        if (activeOrLatest != null) {
            if (replicas(activeOrLatest) != replicas(d)) {
                scaleReplicaSetAndRecordEvent(activeOrLatest, replicas(d), d);
            }
            return;
        }
        if (DeploymentUtil.isSaturated(d, newRS)) {
            for (ReplicaSet old : DeploymentUtil.active(oldRSs)) {
                scaleReplicaSetAndRecordEvent(old, 0, d);
            }
            return;
        }
        if (!DeploymentUtil.isRollingUpdate(d)) {
            return;
        }
        List<ReplicaSet> all = new ArrayList<>(oldRSs);
        all.add(newRS);
        all = DeploymentUtil.active(all);
        Map<String, Integer> sizes = proportionalSizes(d, all);
        String operation = DeploymentUtil.replicaCount(all) < sizes.values().stream().mapToInt(Integer::intValue).sum()
                ? "up" : "down";
        for (ReplicaSet rs : all) {
            scaleReplicaSet(rs, sizes.get(rs.getMetadata().getName()), d, operation);
        }
    }

    /**
     * The size each active ReplicaSet should have after a scaling event, ordered as they are
     * to be written (largest first; on ties newer first when growing, older first when shrinking).
     */
    static Map<String, Integer> proportionalSizes(Deployment d, List<ReplicaSet> activeRSs) {
        List<ReplicaSet> all = new ArrayList<>(activeRSs);
        int current = DeploymentUtil.replicaCount(all);
        int allowed = replicas(d) > 0 ? replicas(d) + DeploymentUtil.maxSurge(d) : 0;
        int toAdd = allowed - current;
        if (toAdd > 0) {
            all.sort(DeploymentUtil.BY_SIZE_NEWER);
        } else if (toAdd < 0) {
            all.sort(DeploymentUtil.BY_SIZE_OLDER);
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int added = 0;
        for (ReplicaSet rs : all) {
            if (toAdd != 0) {
                int p = DeploymentUtil.proportion(rs, d, toAdd, added);
                sizes.put(rs.getMetadata().getName(), replicas(rs) + p);
                added += p;
            } else {
                sizes.put(rs.getMetadata().getName(), replicas(rs));
            }
        }
        if (toAdd != 0 && !all.isEmpty()) {
            String largest = all.get(0).getMetadata().getName();
            sizes.put(largest, Math.max(0, sizes.get(largest) + toAdd - added));
        }
        return sizes;
    }

    /**
     * Whether {@code spec.replicas} changed since the active ReplicaSets were last sized (their
     * desired-replicas annotation differs): then the pass scales instead of rolling.
     */
    static boolean isScalingEvent(Deployment d, ReplicaSets rss) {
        for (ReplicaSet rs : DeploymentUtil.active(rss.all())) {
            var desired = DeploymentUtil.intAnnotation(rs, DeploymentUtil.DESIRED_REPLICAS);
            if (desired.isPresent() && desired.getAsInt() != replicas(d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Deletes the oldest old ReplicaSets beyond {@code revisionHistoryLimit}; only those scaled to
     * 0 with no Pods left and their scale-down observed, so nothing running is cut off.
     */
    void cleanupDeployment(List<ReplicaSet> oldRSs, Deployment d) {
        if (!DeploymentUtil.hasRevisionHistoryLimit(d)) {
            return;
        }
        List<ReplicaSet> cleanable = new ArrayList<>();
        for (ReplicaSet rs : oldRSs) {
            if (rs != null && rs.getMetadata().getDeletionTimestamp() == null) {
                cleanable.add(rs);
            }
        }
        int diff = cleanable.size() - d.getSpec().getRevisionHistoryLimit();
        if (diff <= 0) {
            return;
        }
        cleanable.sort(DeploymentUtil.BY_REVISION);
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = cleanable.get(i);
            var st = rs.getStatus();
            long observed = st == null ? 0 : DeploymentUtil.n(st.getObservedGeneration());
            if ((st != null && DeploymentUtil.n(st.getReplicas()) != 0) || replicas(rs) != 0
                    || DeploymentUtil.n(rs.getMetadata().getGeneration()) > observed) {
                continue;
            }
            try {
                writes.deleteReplicaSet(ns(rs), rs.getMetadata().getName());
                LOG.info("deployment {}/{}: deleted old replica set {} (revision {}) beyond revisionHistoryLimit {}",
                        ns(d), name(d), rs.getMetadata().getName(), DeploymentUtil.revision(rs),
                        d.getSpec().getRevisionHistoryLimit());
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
    }

    /** A paused Deployment or a scaling event: scale, clean up when paused, report status. No rollout. */
    Result sync(Deployment d, ReplicaSets rss) {
        scale(d, rss.newRS(), rss.old());
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            cleanupDeployment(rss.old(), d);
        }
        progress.syncDeploymentStatus(rss.all(), rss.newRS(), d);
        return Result.done();
    }

    static String ns(HasMetadata o) {
        return o.getMetadata().getNamespace();
    }

    static String name(HasMetadata o) {
        return o.getMetadata().getName();
    }
}
