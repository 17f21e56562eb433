package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.controller.Controller;
import io.jctl.controllers.expectations.Expectations;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Queues the ReplicaSets a pod event concerns, at once when the event may let the ReplicaSet
 * scale (an active pod came, went, was relabelled, re-owned, deleted or finished, and the
 * expectations are met), otherwise after {@link #COALESCE}. A reconcile reads all of a
 * ReplicaSet's pods, and while thousands of pods are created, scheduled, started, deleted and
 * removed every one of those events woke it again: O(pods) reconciles of O(pods) work each.
 * Within the window, the events of a ReplicaSet share one reconcile; the status it writes is at
 * most that much later.
 */
final class PodWakeups implements ResourceEventHandler<Pod> {
    /** How long a status-only change may wait for others to share its reconcile. */
    static final Duration COALESCE = Duration.ofMillis(100);

    private final PodEvents keys;
    private final Expectations expectations;
    private final Controller controller;

    PodWakeups(PodEvents keys, Expectations expectations, Controller controller) {
        this.keys = keys;
        this.expectations = expectations;
        this.controller = controller;
    }

    @Override
    public void onAdd(Pod pod) {
        wakeToScale(keys.keys(pod));
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
        Set<String> all = new LinkedHashSet<>(keys.keys(oldPod));
        all.addAll(keys.keys(newPod));
        boolean membership = !Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels())
                || !Objects.equals(oldPod.getMetadata().getOwnerReferences(), newPod.getMetadata().getOwnerReferences())
                || (oldPod.getMetadata().getDeletionTimestamp() == null) != (newPod.getMetadata().getDeletionTimestamp() == null)
                || PodReadiness.isActive(oldPod) != PodReadiness.isActive(newPod);
        // A pod leaving or joining the active set (deletion, finished, relabelled) may let the
        // ReplicaSet scale; a status change (scheduled, running, ready) only changes its counters.
        if (membership) {
            wakeToScale(all);
        } else {
            wake(all, false);
        }
    }

    @Override
    public void onDelete(Pod pod) {
        // A pod that was already terminating or finished left the active set earlier, when that
        // event woke the ReplicaSet; its removal (thousands, as a scale-down's kubelets confirm
        // them) changes no count the ReplicaSet scales or reports by.
        if (pod.getMetadata().getDeletionTimestamp() == null && PodReadiness.isActive(pod)) {
            wakeToScale(keys.keys(pod));
        } else {
            wake(keys.keys(pod), false);
        }
    }

    /** A pod came or went: at once if that met the expectations (the ReplicaSet may scale now). */
    private void wakeToScale(Collection<String> rsKeys) {
        for (String key : rsKeys) {
            if (expectations.satisfied(key)) {
                controller.enqueue(key);
            } else {
                controller.enqueueAfter(key, COALESCE);
            }
        }
    }

    private void wake(Collection<String> rsKeys, boolean now) {
        for (String key : rsKeys) {
            if (now) {
                controller.enqueue(key);
            } else {
                controller.enqueueAfter(key, COALESCE);
            }
        }
    }
}
