package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.controller.KeyMapper;
import io.jctl.api.controller.OwnerKeys;
import io.jctl.api.selector.LabelSelector;
import io.jctl.api.selector.SelectorException;
import io.jctl.controllers.expectations.Expectations;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What pod events mean to ReplicaSets: which ReplicaSets to wake (the controller owner, or for
 * an orphan every ReplicaSet whose selector matches it, so one can adopt it), and which
 * expectations the event fulfils. Registered before the controller's own handler, so an
 * expectation is lowered before the key it concerns is queued.
 */
final class PodEvents implements ResourceEventHandler<Pod>, KeyMapper<Pod> {
    private final Indexer<ReplicaSet> replicaSets;
    private final Expectations expectations;

    PodEvents(Indexer<ReplicaSet> replicaSets, Expectations expectations) {
        this.replicaSets = replicaSets;
        this.expectations = expectations;
    }

    @Override
    public Collection<String> keys(Pod pod) {
        Collection<String> owner = OwnerKeys.<Pod>controllerOf("ReplicaSet").keys(pod);
        if (!owner.isEmpty() || OwnerKeys.controllerRef(pod).isPresent()) {
            return owner;
        }
        List<String> keys = new ArrayList<>();
        for (ReplicaSet rs : replicaSets.list(pod.getMetadata().getNamespace())) {
            try {
                if (LabelSelector.from(rs.getSpec().getSelector()).matches(pod.getMetadata().getLabels())) {
                    keys.add(Keys.of(rs));
                }
            } catch (SelectorException e) {
                // An invalid selector matches nothing.
            }
        }
        return keys;
    }

    @Override
    public void onAdd(Pod pod) {
        ownerKey(pod).ifPresent(key -> {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                expectations.deletionObserved(key, pod.getMetadata().getUid());
            } else {
                expectations.creationObserved(key);
            }
        });
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
        if (newPod.getMetadata().getDeletionTimestamp() != null && oldPod.getMetadata().getDeletionTimestamp() == null) {
            ownerKey(newPod).ifPresent(key -> expectations.deletionObserved(key, newPod.getMetadata().getUid()));
        }
    }

    @Override
    public void onDelete(Pod pod) {
        ownerKey(pod).ifPresent(key -> expectations.deletionObserved(key, pod.getMetadata().getUid()));
    }

    private static Optional<String> ownerKey(HasMetadata pod) {
        return OwnerKeys.controllerRef(pod).filter(r -> "ReplicaSet".equals(r.getKind()))
                .map(r -> Keys.of(pod.getMetadata().getNamespace(), r.getName()));
    }
}
