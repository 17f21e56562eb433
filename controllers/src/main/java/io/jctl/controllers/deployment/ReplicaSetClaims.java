package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.api.selector.LabelSelector;
import io.jctl.controllers.ownership.ControllerRefs;
import io.jctl.controllers.ownership.ControllerRefs.Claim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which ReplicaSets a Deployment controls, as Kubernetes' {@code ControllerRefManager}: its own
 * (controller ownerReference with its uid) that still match its selector, plus orphans that
 * match, which it adopts; its own that stopped matching are released. ReplicaSets controlled by
 * anything else are never touched. Adoption first re-reads the Deployment past the cache, so a
 * Deployment deleted meanwhile adopts nothing.
 */
final class ReplicaSetClaims {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetClaims.class);

    private final DeploymentWrites writes;

    ReplicaSetClaims(DeploymentWrites writes) {
        this.writes = writes;
    }

    List<ReplicaSet> claim(Deployment d, List<ReplicaSet> inNamespace) {
        Claim<ReplicaSet> claim = ControllerRefs.claim(d, LabelSelector.from(d.getSpec().getSelector()), inNamespace);
        for (ReplicaSet rs : claim.release()) {
            release(d, rs);
        }
        List<ReplicaSet> claimed = new ArrayList<>(claim.owned());
        if (!claim.adopt().isEmpty()) {
            checkCanAdopt(d);
            for (ReplicaSet rs : claim.adopt()) {
                ReplicaSet adopted = adopt(d, rs);
                if (adopted != null) {
                    claimed.add(adopted);
                }
            }
        }
        return claimed;
    }

    private void checkCanAdopt(Deployment d) {
        Deployment fresh = writes.getDeployment(d.getMetadata().getNamespace(), d.getMetadata().getName());
        if (!DeploymentUtil.uid(fresh).equals(DeploymentUtil.uid(d))) {
            throw new IllegalStateException("original Deployment " + d.getMetadata().getNamespace() + "/"
                    + d.getMetadata().getName() + " is gone: got uid " + fresh.getMetadata().getUid()
                    + ", wanted " + d.getMetadata().getUid());
        }
        if (fresh.getMetadata().getDeletionTimestamp() != null) {
            throw new IllegalStateException(d.getMetadata().getNamespace() + "/" + d.getMetadata().getName()
                    + " has just been deleted at " + fresh.getMetadata().getDeletionTimestamp());
        }
    }

    private ReplicaSet adopt(Deployment d, ReplicaSet rs) {
        OwnerReference ref = DeploymentSync.controllerRef(d);
        String patch = Json.toJson(Map.of("metadata", Map.of(
                "ownerReferences", List.of(Json.mapper().convertValue(ref, Map.class)),
                "uid", DeploymentUtil.uid(rs))));
        try {
            ReplicaSet adopted = writes.patchReplicaSet(rs.getMetadata().getNamespace(), rs.getMetadata().getName(), patch);
            LOG.info("deployment {}/{} adopted replica set {}", d.getMetadata().getNamespace(), d.getMetadata().getName(),
                    rs.getMetadata().getName());
            return adopted;
        } catch (ApiException e) {
            if (e.code() == 404) {
                return null;
            }
            throw e;
        }
    }

    private void release(Deployment d, ReplicaSet rs) {
        String patch = Json.toJson(Map.of("metadata", Map.of(
                "ownerReferences", List.of(Map.of("$patch", "delete", "uid", DeploymentUtil.uid(d))),
                "uid", DeploymentUtil.uid(rs))));
        try {
            writes.patchReplicaSet(rs.getMetadata().getNamespace(), rs.getMetadata().getName(), patch);
            LOG.info("deployment {}/{} released replica set {} (its labels no longer match)",
                    d.getMetadata().getNamespace(), d.getMetadata().getName(), rs.getMetadata().getName());
        } catch (ApiException e) {
            // Gone, or changed so that the patch no longer applies: nothing left to release.
            if (e.code() != 404 && e.code() != 422) {
                throw e;
            }
        }
    }
}
