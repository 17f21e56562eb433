package io.jctl.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.apiserver.rest.ObjectStore;
import io.jctl.apiserver.storage.StoreEvent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A store change decoded once for every watcher: the object after the change (for a delete,
 * its last state at the delete's revision) and the object before it, which watchers with a
 * selector need to tell an object entering or leaving their selection. Objects are shared and
 * must not be modified.
 */
public final class CachedEvent {
    private final String key;
    private final long revision;
    private final boolean delete;
    private final ObjectNode object;
    private final ObjectNode previous;
    private final ConcurrentHashMap<String, byte[]> encoded = new ConcurrentHashMap<>(2);
    private volatile byte[] objectJson;

    CachedEvent(String key, long revision, boolean delete, ObjectNode object, ObjectNode previous) {
        this.key = key;
        this.revision = revision;
        this.delete = delete;
        this.object = object;
        this.previous = previous;
    }

    public static CachedEvent from(StoreEvent e) {
        return from(e, null);
    }

    /**
     * Decodes {@code e}, taking the previous object from {@code last} (the event that wrote the
     * key's previous revision, if the caller still has it) instead of decoding it a second time.
     */
    static CachedEvent from(StoreEvent e, CachedEvent last) {
        ObjectNode obj = ObjectStore.decode(e.kv()).object();
        ObjectNode prev = null;
        if (e.prevKv() != null) {
            prev = last != null && !last.delete && last.revision == e.prevKv().modRevision() ? last.object
                    : ObjectStore.decode(e.prevKv()).object();
        }
        return new CachedEvent(e.kv().key(), e.revision(), e.type() == StoreEvent.Type.DELETE, obj, prev);
    }

    /** The store key of the object. */
    String key() {
        return key;
    }

    public long revision() {
        return revision;
    }

    public boolean isDelete() {
        return delete;
    }

    public ObjectNode object() {
        return object;
    }

    public ObjectNode previous() {
        return previous;
    }

    /**
     * The object as JSON, encoded once: watchers that see the event as different types (MODIFIED
     * for most, ADDED or DELETED for those whose selection it enters or leaves) share it.
     */
    public byte[] objectJson() {
        byte[] json = objectJson;
        if (json == null) {
            json = Json.toBytes(object);
            objectJson = json;
        }
        return json;
    }

    /** The encoded watch line for {@code type}, computed once and shared by all watchers. */
    public byte[] encoded(String type, Function<String, byte[]> encoder) {
        return encoded.computeIfAbsent(type, encoder);
    }
}
