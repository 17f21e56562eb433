package io.jctl.controllers.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.jctl.api.client.DeleteOptions.PropagationPolicy;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.controller.Reconciler;
import io.jctl.api.controller.Result;
import io.jctl.controllers.ownership.ControllerRefs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One object through the garbage collector's eyes, as Kubernetes' {@code attemptToDeleteItem}
 * and {@code orphanDependents}:
 * <ul>
 *   <li>an owner being deleted with the {@code orphan} finalizer has its ownerReference removed
 *   from every dependent, then loses the finalizer;</li>
 *   <li>an owner being deleted with {@code foregroundDeletion} gets its dependents deleted
 *   (foreground too, so the cascade goes all the way down) and loses the finalizer once no
 *   dependent with {@code blockOwnerDeletion} is left;</li>
 *   <li>a dependent none of whose owners still exists (404 or another uid, checked against the
 *   server, not the cache) is deleted — in the foreground if an owner waits for it.</li>
 * </ul>
 */
public final class GarbageCollectorReconciler implements Reconciler {
    static final String FOREGROUND = "foregroundDeletion";
    static final String ORPHAN = "orphan";

    private final GcGraph graph;
    private final GcWrites writes;

    public GarbageCollectorReconciler(GcGraph graph, GcWrites writes) {
        this.graph = graph;
        this.writes = writes;
    }

    @Override
    public Result reconcile(String key) {
        GcKey k = GcKey.parse(key);
        Optional<GcResource> resource = graph.resource(k.resource());
        if (resource.isEmpty()) {
            return Result.done();
        }
        HasMetadata o = graph.get(resource.get(), k.objectKey());
        if (o == null) {
            return Result.done();
        }
        List<String> finalizers = o.getMetadata().getFinalizers() == null ? List.of() : o.getMetadata().getFinalizers();
        if (o.getMetadata().getDeletionTimestamp() != null) {
            if (finalizers.contains(ORPHAN)) {
                orphanDependents(resource.get(), o, finalizers);
            } else if (finalizers.contains(FOREGROUND)) {
                deleteDependentsFirst(resource.get(), o, finalizers);
            }
            return Result.done();
        }
        collectIfOwnerless(resource.get(), o);
        return Result.done();
    }

    private void orphanDependents(GcResource r, HasMetadata owner, List<String> finalizers) {
        String uid = owner.getMetadata().getUid();
        for (GcGraph.Node d : graph.dependents(uid)) {
            writes.setOwnerReferences(d.resource(), d.object(), ControllerRefs.without(d.object(), uid));
        }
        writes.setFinalizers(r, owner, without(finalizers, ORPHAN));
    }

    private void deleteDependentsFirst(GcResource r, HasMetadata owner, List<String> finalizers) {
        boolean blocked = false;
        for (GcGraph.Node d : graph.dependents(owner.getMetadata().getUid())) {
            if (d.object().getMetadata().getDeletionTimestamp() == null) {
                writes.delete(d.resource(), d.object(), PropagationPolicy.Foreground);
            }
            blocked |= blocksOwnerDeletion(d.object(), owner.getMetadata().getUid());
        }
        // Dependents going away wake this owner again through their events.
        if (!blocked) {
            writes.setFinalizers(r, owner, without(finalizers, FOREGROUND));
        }
    }

    private void collectIfOwnerless(GcResource r, HasMetadata o) {
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return;
        }
        List<OwnerReference> dangling = new ArrayList<>();
        boolean solid = false;
        boolean waiting = false;
        for (OwnerReference ref : refs) {
            switch (ownerState(o, ref)) {
                case SOLID -> solid = true;
                case WAITING_FOR_DEPENDENTS -> waiting = true;
                case DANGLING -> dangling.add(ref);
            }
        }
        if (solid) {
            if (!dangling.isEmpty()) {
                List<OwnerReference> keep = new ArrayList<>(refs);
                keep.removeAll(dangling);
                writes.setOwnerReferences(r, o, keep);
            }
            return;
        }
        writes.delete(r, o, waiting ? PropagationPolicy.Foreground : PropagationPolicy.Background);
    }

    private enum OwnerState { SOLID, WAITING_FOR_DEPENDENTS, DANGLING }

    private OwnerState ownerState(HasMetadata dependent, OwnerReference ref) {
        Optional<GcResource> ownerResource = GcResource.forOwner(ref.getApiVersion(), ref.getKind());
        if (ownerResource.isEmpty()) {
            // An owner kind the collector cannot look at is never presumed gone.
            return OwnerState.SOLID;
        }
        GcResource or = ownerResource.get();
        String ns = or.ref().namespaced() ? dependent.getMetadata().getNamespace() : null;
        HasMetadata owner = graph.get(or, Keys.of(ns, ref.getName()));
        if (owner == null || !ref.getUid().equals(owner.getMetadata().getUid())) {
            // The cache may lag behind an owner created a moment ago: only the server can say it is gone.
            owner = writes.liveGet(or, ns, ref.getName()).orElse(null);
        }
        if (owner == null || !ref.getUid().equals(owner.getMetadata().getUid())) {
            return OwnerState.DANGLING;
        }
        List<String> f = owner.getMetadata().getFinalizers();
        if (owner.getMetadata().getDeletionTimestamp() != null && f != null && f.contains(FOREGROUND)) {
            return OwnerState.WAITING_FOR_DEPENDENTS;
        }
        return OwnerState.SOLID;
    }

    private static boolean blocksOwnerDeletion(HasMetadata dependent, String ownerUid) {
        List<OwnerReference> refs = dependent.getMetadata().getOwnerReferences();
        return refs != null && refs.stream()
                .anyMatch(r -> ownerUid.equals(r.getUid()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
    }

    private static List<String> without(List<String> finalizers, String name) {
        return finalizers.stream().filter(f -> !f.equals(name)).toList();
    }
}
