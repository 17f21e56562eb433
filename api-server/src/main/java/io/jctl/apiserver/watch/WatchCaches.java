package io.jctl.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.rest.ObjectStore;
import io.jctl.apiserver.storage.CompactedException;
import io.jctl.apiserver.storage.Store;
import io.jctl.apiserver.storage.StoreWatch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * One {@link WatchCache} per resource, created on first use, and the fallback for watchers
 * that start before a cache's window: a watch straight on the store, which answers 410 Gone
 * when the revision has been compacted.
 */
public final class WatchCaches implements AutoCloseable {
    private final Store store;
    private final int capacity;
    private final Map<String, WatchCache> caches = new ConcurrentHashMap<>();

    public WatchCaches(Store store, int capacity) {
        this.store = store;
        this.capacity = capacity;
    }

    /** Starts the resource's cache if needed; call before listing for a watch from "now". */
    public WatchCache cache(ResourceType<?> type) {
        String key = type.apiVersion() + "/" + type.plural();
        return caches.computeIfAbsent(key, k -> {
            WatchCache[] self = new WatchCache[1];
            self[0] = new WatchCache(store, type, capacity, () -> caches.remove(key, self[0]));
            return self[0];
        });
    }

    public Subscription subscribe(ResourceType<?> type, long fromRevision, Predicate<ObjectNode> filter,
                                  WatchSink sink) {
        Subscription s = cache(type).subscribe(fromRevision, filter, sink);
        if (s != null) {
            return s;
        }
        Subscription direct = new Subscription(fromRevision, filter, sink);
        try {
            StoreWatch w = store.watch(ObjectStore.prefix(type, null), fromRevision,
                    e -> direct.deliver(CachedEvent.from(e)), direct::terminate);
            direct.onClose(w::close);
            return direct;
        } catch (CompactedException e) {
            throw ApiException.expired("too old resource version: " + fromRevision + " (" + e.compacted() + ")");
        }
    }

    @Override
    public void close() {
        caches.values().forEach(WatchCache::close);
        caches.clear();
    }
}
