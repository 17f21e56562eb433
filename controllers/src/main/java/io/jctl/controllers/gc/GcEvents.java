package io.jctl.controllers.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.client.cache.ResourceEventHandler;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Which objects an event concerns: the object itself if it has owners or waits for the
 * collector (orphan/foreground finalizer); on deletion, its dependents (they may be ownerless
 * now) and its owners that wait for their dependents to go. Owner updates alone wake nobody, so
 * a ReplicaSet's status changes do not re-check its thousand pods; an update wakes the object
 * itself only when its owners, deletion or finalizers changed.
 */
final class GcEvents<T extends HasMetadata> implements ResourceEventHandler<T> {
    private final GcResource resource;
    private final GcGraph graph;
    private final Consumer<String> enqueue;

    GcEvents(GcResource resource, GcGraph graph, Consumer<String> enqueue) {
        this.resource = resource;
        this.graph = graph;
        this.enqueue = enqueue;
    }

    @Override
    public void onAdd(T o) {
        enqueueIfInteresting(o);
    }

    @Override
    public void onUpdate(T oldObject, T newObject) {
        // As Kubernetes' collector: only a change of owners, deletion or finalizers can change
        // what it does with the object; a pod's status updates (several per pod) do not.
        ObjectMeta was = oldObject.getMetadata();
        ObjectMeta is = newObject.getMetadata();
        if (!Objects.equals(was.getOwnerReferences(), is.getOwnerReferences())
                || !Objects.equals(was.getDeletionTimestamp(), is.getDeletionTimestamp())
                || !Objects.equals(was.getFinalizers(), is.getFinalizers())) {
            enqueueIfInteresting(newObject);
        }
    }

    @Override
    public void onDelete(T o) {
        for (GcGraph.Node d : graph.dependents(o.getMetadata().getUid())) {
            enqueue.accept(GcKey.of(d.resource(), d.object()));
        }
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        if (refs == null) {
            return;
        }
        for (OwnerReference ref : refs) {
            GcResource.forOwner(ref.getApiVersion(), ref.getKind()).ifPresent(or -> {
                String ns = or.ref().namespaced() ? o.getMetadata().getNamespace() : null;
                HasMetadata owner = graph.get(or, Keys.of(ns, ref.getName()));
                if (owner != null && owner.getMetadata().getDeletionTimestamp() != null) {
                    enqueue.accept(GcKey.of(or, owner));
                }
            });
        }
    }

    private void enqueueIfInteresting(T o) {
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        List<String> f = o.getMetadata().getFinalizers();
        boolean waitsForCollector = o.getMetadata().getDeletionTimestamp() != null && f != null
                && (f.contains(GarbageCollectorReconciler.ORPHAN) || f.contains(GarbageCollectorReconciler.FOREGROUND));
        if ((refs != null && !refs.isEmpty()) || waitsForCollector) {
            enqueue.accept(GcKey.of(resource, o));
        }
    }
}
