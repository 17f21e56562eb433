package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.JsonTrees;
import io.jctl.apiserver.registry.ResourceType;

import java.util.function.UnaryOperator;

/**
 * PUT of a whole object (main resource or status) and the read-modify-write loop that patches
 * and subresources share. A body carrying a resourceVersion is a precondition (409 when stale);
 * without one the write is unconditional and retried on a concurrent change.
 */
public final class UpdateOperation {
    private static final int MAX_ATTEMPTS = 10;
    private final ObjectStore objects;

    public UpdateOperation(ObjectStore objects) {
        this.objects = objects;
    }

    public ObjectNode update(ResourceType<?> type, String namespace, String name, ObjectNode body, boolean status,
                             WriteOptions options) {
        String wanted = body.path("metadata").path("resourceVersion").asText("");
        Admission.checkIdentity(type, namespace, name, body);
        return apply(type, namespace, name, old -> {
            if (!wanted.isEmpty() && !wanted.equals(Long.toString(old.revision()))) {
                throw ObjectStore.modified(type, name);
            }
            return status ? Admission.forStatusUpdate(type, namespace, name, body, old.object())
                    : Admission.forUpdate(type, namespace, name, body, old.object(), options);
        }, options);
    }

    /**
     * Reads the object, computes its next state with {@code change} and writes it if it did not
     * change meanwhile; otherwise reads again. {@code change} throws to refuse.
     */
    public ObjectNode apply(ResourceType<?> type, String namespace, String name,
                            java.util.function.Function<StoredObject, ObjectNode> change, WriteOptions options) {
        for (int attempt = 0; ; attempt++) {
            StoredObject old = objects.get(type, namespace, name);
            ObjectNode next = change.apply(old);
            try {
                return commit(type, namespace, name, next, old, options);
            } catch (ApiException e) {
                if (e.code() != 409 || !"Conflict".equals(e.reason()) || attempt + 1 >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Convenience for subresources that rewrite part of the object. */
    public ObjectNode modify(ResourceType<?> type, String namespace, String name, UnaryOperator<ObjectNode> change,
                             WriteOptions options) {
        return apply(type, namespace, name, old -> change.apply(old.object().deepCopy()), options);
    }

    /**
     * Writes {@code next} over {@code old}. An object that is being deleted and has no finalizers
     * left is removed; a write that changes nothing is not stored (no new resourceVersion).
     */
    ObjectNode commit(ResourceType<?> type, String namespace, String name, ObjectNode next, StoredObject old,
                      WriteOptions options) {
        ObjectNode oldObj = old.object();
        if (options.dryRun()) {
            if (JsonTrees.sameContent(withoutResourceVersion(next), withoutResourceVersion(oldObj))) {
                return oldObj;
            }
            ObjectStore.encode(next);
            return next;
        }
        // Compared and stored without their resourceVersions, taken out in place rather than from
        // deep copies of both objects: next is this write's own tree, and oldObj gets its back.
        JsonNode oldVersion = removeResourceVersion(oldObj);
        if (next != oldObj) {
            removeResourceVersion(next);
        }
        if (JsonTrees.sameContent(next, oldObj)) {
            if (oldVersion != null) {
                ((ObjectNode) oldObj.get("metadata")).set("resourceVersion", oldVersion);
            }
            return oldObj;
        }
        if (oldVersion != null) {
            ((ObjectNode) oldObj.get("metadata")).set("resourceVersion", oldVersion);
        }
        ObjectNode stripped = next;
        JsonNode meta = next.path("metadata");
        if (meta.has("deletionTimestamp") && !Finalizers.pending(type, next)
                && !DeleteOperation.waitsForNode(type, next)) {
            return objects.delete(type, namespace, name, old.revision()).object();
        }
        return objects.update(type, namespace, name, stripped, old.revision()).object();
    }

    /** Removes metadata.resourceVersion from {@code obj} and returns it (null when absent). */
    private static JsonNode removeResourceVersion(ObjectNode obj) {
        JsonNode meta = obj.get("metadata");
        return meta instanceof ObjectNode m ? m.remove("resourceVersion") : null;
    }

    private static ObjectNode withoutResourceVersion(ObjectNode obj) {
        ObjectNode copy = obj.deepCopy();
        JsonNode meta = copy.get("metadata");
        if (meta instanceof ObjectNode m) {
            m.remove("resourceVersion");
        }
        return copy;
    }
}
