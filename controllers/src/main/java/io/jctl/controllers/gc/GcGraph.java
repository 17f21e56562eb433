package io.jctl.controllers.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.jctl.api.client.cache.Indexer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ownership graph as the informer caches hold it: every watched resource's cache, indexed by
 * the uids of the owners its objects name, so an owner's dependents are one lookup per resource.
 */
public final class GcGraph {
    /** The index of owner uids the collector adds to every cache it reads. */
    public static final String OWNER_UID_INDEX = "gc-owner-uid";

    /** A cached object with the resource it belongs to. */
    public record Node(GcResource resource, HasMetadata object) {
    }

    private final Map<String, GcResource> resources = new LinkedHashMap<>();
    private final Map<String, Indexer<? extends HasMetadata>> caches = new LinkedHashMap<>();

    /** Registers a cache and adds the owner uid index to it (before the informer starts, so no lookup misses). */
    public void add(GcResource resource, Indexer<? extends HasMetadata> cache) {
        String name = resource.ref().qualifiedName();
        resources.put(name, resource);
        caches.put(name, cache);
        try {
            addIndex(cache);
        } catch (IllegalArgumentException alreadyIndexed) {
            // Shared cache already carries the index.
        }
    }

    private static <T extends HasMetadata> void addIndex(Indexer<T> cache) {
        cache.addIndex(OWNER_UID_INDEX, o -> {
            List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
            return refs == null ? List.of() : refs.stream().map(OwnerReference::getUid).toList();
        });
    }

    public List<GcResource> resources() {
        return List.copyOf(resources.values());
    }

    public Optional<GcResource> resource(String qualifiedName) {
        return Optional.ofNullable(resources.get(qualifiedName));
    }

    public HasMetadata get(GcResource resource, String objectKey) {
        Indexer<? extends HasMetadata> cache = caches.get(resource.ref().qualifiedName());
        return cache == null ? null : cache.getByKey(objectKey);
    }

    /** Every cached object that names {@code ownerUid} among its owners. */
    public List<Node> dependents(String ownerUid) {
        List<Node> out = new ArrayList<>();
        caches.forEach((name, cache) -> {
            GcResource r = resources.get(name);
            for (HasMetadata o : cache.byIndex(OWNER_UID_INDEX, ownerUid)) {
                out.add(new Node(r, o));
            }
        });
        return out;
    }
}
