package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.storage.AlreadyExistsException;
import io.jctl.apiserver.storage.CompactedException;
import io.jctl.apiserver.storage.ConflictException;
import io.jctl.apiserver.storage.KeyValue;
import io.jctl.apiserver.storage.ListResult;
import io.jctl.apiserver.storage.NotFoundException;
import io.jctl.apiserver.storage.Store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Objects on top of the key-value {@link Store}: keys {@code /registry/<plural>/<ns>/<name>},
 * resourceVersion = the key's modRevision (never stored inside the value), and store failures
 * turned into the API errors Kubernetes answers with.
 */
public final class ObjectStore {
    /** etcd's default request limit, which Kubernetes objects must fit in. */
    public static final int MAX_OBJECT_BYTES = 1536 * 1024;
    private final Store store;
    private final java.util.Map<String, WriteHook> hooks = new java.util.concurrent.ConcurrentHashMap<>();

    public ObjectStore(Store store) {
        this.store = store;
    }

    /** Runs {@code hook} around every write of {@code qualifiedResource} (e.g. {@code services}). */
    public ObjectStore withHook(String qualifiedResource, WriteHook hook) {
        hooks.put(qualifiedResource, hook);
        return this;
    }

    public Store store() {
        return store;
    }

    public static String prefix(ResourceType<?> type, String namespace) {
        return namespace == null || !type.namespaced()
                ? "/registry/" + type.plural() + "/"
                : "/registry/" + type.plural() + "/" + namespace + "/";
    }

    public static String key(ResourceType<?> type, String namespace, String name) {
        return prefix(type, namespace) + name;
    }

    public Optional<StoredObject> find(ResourceType<?> type, String namespace, String name) {
        KeyValue kv = store.get(key(type, namespace, name));
        return kv == null ? Optional.empty() : Optional.of(decode(kv));
    }

    public StoredObject get(ResourceType<?> type, String namespace, String name) {
        return find(type, namespace, name).orElseThrow(() -> notFound(type, name));
    }

    public StoredObject create(ResourceType<?> type, String namespace, String name, ObjectNode obj) {
        WriteHook hook = hooks.get(type.qualifiedResource());
        if (hook != null && find(type, namespace, name).isPresent()) {
            // Answer 409 before the hook takes anything for an object that cannot be stored.
            throw ApiException.alreadyExists(type.qualifiedResource(), type.group(), name);
        }
        WriteHook.Pending pending = hook == null ? WriteHook.Pending.NONE : hook.beforeCreate(type, obj);
        return guarded(pending, () -> {
            try {
                return written(obj, store.create(key(type, namespace, name), encode(obj)));
            } catch (AlreadyExistsException e) {
                throw ApiException.alreadyExists(type.qualifiedResource(), type.group(), name);
            }
        });
    }

    public StoredObject update(ResourceType<?> type, String namespace, String name, ObjectNode obj, long expected) {
        WriteHook hook = hooks.get(type.qualifiedResource());
        WriteHook.Pending pending = WriteHook.Pending.NONE;
        if (hook != null) {
            StoredObject old = get(type, namespace, name);
            if (old.revision() != expected) {
                throw modified(type, name);
            }
            pending = hook.beforeUpdate(type, old.object(), obj);
        }
        return guarded(pending, () -> {
            try {
                return written(obj, store.update(key(type, namespace, name), encode(obj), expected));
            } catch (NotFoundException e) {
                throw notFound(type, name);
            } catch (ConflictException e) {
                throw modified(type, name);
            }
        });
    }

    public StoredObject delete(ResourceType<?> type, String namespace, String name, long expected) {
        StoredObject deleted;
        try {
            deleted = decode(store.delete(key(type, namespace, name), expected));
        } catch (NotFoundException e) {
            throw notFound(type, name);
        } catch (ConflictException e) {
            throw modified(type, name);
        }
        WriteHook hook = hooks.get(type.qualifiedResource());
        if (hook != null) {
            hook.afterDelete(type, deleted.object());
        }
        return deleted;
    }

    private static StoredObject guarded(WriteHook.Pending pending, java.util.function.Supplier<StoredObject> write) {
        StoredObject stored;
        try {
            stored = write.get();
        } catch (RuntimeException e) {
            pending.onFailure().run();
            throw e;
        }
        pending.onSuccess().run();
        return stored;
    }

    /**
     * A page of the objects under {@code namespace} (all when null) that pass {@code filter}.
     * Pages read the store at one revision, so following continue tokens gives a consistent list.
     */
    public ObjectPage list(ResourceType<?> type, String namespace, ListQuery query, Predicate<ObjectNode> filter) {
        String prefix = prefix(type, namespace);
        long revision = 0;
        String start = null;
        if (query.continueToken() != null) {
            ContinueToken t = ContinueToken.decode(query.continueToken(), prefix);
            revision = t.revision();
            start = t.startKey();
        }
        int limit = query.limit();
        List<ObjectNode> items = new ArrayList<>();
        int batch = limit == 0 ? 0 : Math.max(limit, 100);
        try {
            while (true) {
                ListResult r = store.list(prefix, revision, batch, start);
                revision = r.revision();
                KeyValue last = null;
                for (KeyValue kv : r.items()) {
                    last = kv;
                    ObjectNode obj = decode(kv).object();
                    if (filter.test(obj)) {
                        items.add(obj);
                        if (limit > 0 && items.size() == limit) {
                            boolean more = r.more() || kv != r.items().get(r.items().size() - 1);
                            String next = more ? new ContinueToken(revision, kv.key() + "\u0000").encode() : null;
                            return new ObjectPage(items, revision, next);
                        }
                    }
                }
                if (!r.more() || last == null) {
                    return new ObjectPage(items, revision, null);
                }
                start = last.key() + "\u0000";
            }
        } catch (CompactedException e) {
            throw ApiException.expired("The provided continue parameter is too old to display a consistent list "
                    + "result. You can start a new list without the continue parameter.");
        }
    }

    public long currentRevision() {
        return store.currentRevision();
    }

    public static byte[] encode(ObjectNode obj) {
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        byte[] bytes;
        if (meta != null && meta.has("resourceVersion")) {
            ObjectNode copy = obj.deepCopy();
            ((ObjectNode) copy.get("metadata")).remove("resourceVersion");
            bytes = Json.toBytes(copy);
        } else {
            bytes = Json.toBytes(obj);
        }
        if (bytes.length > MAX_OBJECT_BYTES) {
            throw ApiException.tooLarge(obj.path("kind").asText() + " \"" + obj.path("metadata").path("name").asText()
                    + "\" is too large: " + bytes.length + " bytes, the limit is " + MAX_OBJECT_BYTES
                    + " bytes; move large data into several objects or a volume");
        }
        return bytes;
    }

    /**
     * What {@link #decode} would make of {@code kv}, which holds {@code obj} as just written:
     * {@code obj} itself with the revision as its resourceVersion (last in metadata, as decode puts
     * it). Parsing back the bytes just encoded cost a JSON parse per write.
     */
    private static StoredObject written(ObjectNode obj, KeyValue kv) {
        ObjectNode meta = obj.has("metadata") ? (ObjectNode) obj.get("metadata") : obj.putObject("metadata");
        meta.remove("resourceVersion");
        meta.put("resourceVersion", Long.toString(kv.modRevision()));
        return new StoredObject(obj, kv.modRevision());
    }

    public static StoredObject decode(KeyValue kv) {
        ObjectNode obj = Json.readObject(kv.value());
        ObjectNode meta = obj.has("metadata") ? (ObjectNode) obj.get("metadata") : obj.putObject("metadata");
        meta.put("resourceVersion", Long.toString(kv.modRevision()));
        return new StoredObject(obj, kv.modRevision());
    }

    public static ApiException notFound(ResourceType<?> type, String name) {
        return ApiException.notFound(type.qualifiedResource(), type.group(), name);
    }

    public static ApiException modified(ResourceType<?> type, String name) {
        return ApiException.conflict(type.qualifiedResource(), type.group(), name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    /** Where the next page starts: the list's revision and the first key not yet returned. */
    record ContinueToken(long revision, String startKey) {
        String encode() {
            String json = Json.toJson(java.util.Map.of("rv", revision, "start", startKey));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }

        static ContinueToken decode(String token, String prefix) {
            try {
                ObjectNode n = Json.readObject(Base64.getUrlDecoder().decode(token));
                ContinueToken t = new ContinueToken(n.get("rv").asLong(), n.get("start").asText());
                if (!t.startKey().startsWith(prefix)) {
                    throw new IllegalArgumentException("token is for another list");
                }
                return t;
            } catch (RuntimeException e) {
                throw ApiException.badRequest("invalid continue parameter: pass the value of metadata.continue "
                        + "from the previous page of the same list");
            }
        }
    }
}
