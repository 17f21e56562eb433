package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.controller.Controller;

import java.util.Objects;

/**
 * Queues a ReplicaSet on its own events: at once, except when only its status changed (mostly
 * the controller's own status writes, one per reconcile while pods start), which waits
 * {@link PodWakeups#COALESCE} so that it shares the reconcile the pods' changes queue anyway.
 */
final class ReplicaSetWakeups implements ResourceEventHandler<ReplicaSet> {
    private final Controller controller;

    ReplicaSetWakeups(Controller controller) {
        this.controller = controller;
    }

    @Override
    public void onAdd(ReplicaSet rs) {
        controller.enqueue(Keys.of(rs));
    }

    @Override
    public void onUpdate(ReplicaSet oldRs, ReplicaSet newRs) {
        if (statusOnly(oldRs, newRs)) {
            controller.enqueueAfter(Keys.of(newRs), PodWakeups.COALESCE);
        } else {
            controller.enqueue(Keys.of(newRs));
        }
    }

    @Override
    public void onDelete(ReplicaSet rs) {
        controller.enqueue(Keys.of(rs));
    }

    static boolean statusOnly(ReplicaSet oldRs, ReplicaSet newRs) {
        ObjectMeta was = oldRs.getMetadata();
        ObjectMeta is = newRs.getMetadata();
        return Objects.equals(was.getUid(), is.getUid())
                && Objects.equals(was.getGeneration(), is.getGeneration())
                && Objects.equals(was.getLabels(), is.getLabels())
                && Objects.equals(was.getOwnerReferences(), is.getOwnerReferences())
                && Objects.equals(was.getDeletionTimestamp(), is.getDeletionTimestamp())
                && Objects.equals(oldRs.getSpec(), newRs.getSpec());
    }
}
