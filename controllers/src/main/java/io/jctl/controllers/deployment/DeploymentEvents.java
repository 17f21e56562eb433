package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.selector.LabelSelector;
import io.jctl.api.selector.SelectorException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which Deployments a ReplicaSet or Pod event concerns, as Kubernetes' handlers: a ReplicaSet's
 * controlling Deployment, or for an orphan every Deployment in its namespace whose selector
 * matches (one of them will adopt it); a deleted Pod wakes a Recreate Deployment waiting for its
 * old Pods to be gone.
 */
final class DeploymentEvents {
    private final Indexer<Deployment> deployments;
    private final Indexer<ReplicaSet> replicaSets;

    DeploymentEvents(Indexer<Deployment> deployments, Indexer<ReplicaSet> replicaSets) {
        this.deployments = deployments;
        this.replicaSets = replicaSets;
    }

    List<String> forReplicaSet(ReplicaSet rs) {
        OwnerReference ref = DeploymentUtil.controllerOf(rs);
        String ns = rs.getMetadata().getNamespace();
        if (ref != null) {
            return "Deployment".equals(ref.getKind()) ? List.of(Keys.of(ns, ref.getName())) : List.of();
        }
        if (rs.getMetadata().getDeletionTimestamp() != null) {
            return List.of();
        }
        Map<String, String> labels = rs.getMetadata().getLabels() == null ? Map.of() : rs.getMetadata().getLabels();
        List<String> keys = new ArrayList<>();
        for (Deployment d : deployments.list(ns)) {
            if (d.getSpec() == null || d.getSpec().getSelector() == null) {
                continue;
            }
            try {
                LabelSelector selector = LabelSelector.from(d.getSpec().getSelector());
                if (!selector.isEmpty() && selector.matches(labels)) {
                    keys.add(Keys.of(d));
                }
            } catch (SelectorException e) {
                // an invalid selector adopts nothing
            }
        }
        return keys;
    }

    /** The Recreate Deployment whose ReplicaSet controlled {@code pod}, if any. */
    List<String> forDeletedPod(Pod pod) {
        OwnerReference ref = DeploymentUtil.controllerOf(pod);
        if (ref == null || !"ReplicaSet".equals(ref.getKind())) {
            return List.of();
        }
        String ns = pod.getMetadata().getNamespace();
        ReplicaSet rs = replicaSets.get(ns, ref.getName());
        if (rs == null || !ref.getUid().equals(rs.getMetadata().getUid())) {
            return List.of();
        }
        OwnerReference owner = DeploymentUtil.controllerOf(rs);
        if (owner == null || !"Deployment".equals(owner.getKind())) {
            return List.of();
        }
        Deployment d = deployments.get(ns, owner.getName());
        if (d == null || !DeploymentUtil.isRecreate(d)) {
            return List.of();
        }
        return List.of(Keys.of(d));
    }
}
