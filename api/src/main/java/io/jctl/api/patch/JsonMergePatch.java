package io.jctl.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Objects;

/** JSON merge patch (RFC 7386): objects merge recursively, {@code null} removes, anything else replaces. */
public final class JsonMergePatch {
    private JsonMergePatch() {
    }

    /** The target with the patch applied; neither input is changed. A missing target counts as {@code null}. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        Objects.requireNonNull(patch, "patch");
        return merge(target, patch);
    }

    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    /**
     * A merge patch that turns {@code original} into {@code modified}: removed members become
     * {@code null}, changed arrays and scalars are sent whole. Null members of {@code modified}
     * cannot be expressed in a merge patch and come out as removals.
     */
    public static JsonNode diff(JsonNode original, JsonNode modified) {
        Objects.requireNonNull(modified, "modified");
        if (original == null || !original.isObject() || !modified.isObject()) {
            return modified.deepCopy();
        }
        return diffObjects((ObjectNode) original, (ObjectNode) modified);
    }

    private static ObjectNode diffObjects(ObjectNode original, ObjectNode modified) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : original.properties()) {
            if (!modified.has(e.getKey()) || (modified.get(e.getKey()).isNull() && !e.getValue().isNull())) {
                patch.putNull(e.getKey());
            }
        }
        for (Map.Entry<String, JsonNode> e : modified.properties()) {
            JsonNode before = original.get(e.getKey());
            JsonNode after = e.getValue();
            if (after.isNull()) {
                continue;
            }
            if (before != null && before.isObject() && after.isObject()) {
                ObjectNode nested = diffObjects((ObjectNode) before, (ObjectNode) after);
                if (!nested.isEmpty()) {
                    patch.set(e.getKey(), nested);
                }
            } else if (!JsonValues.equal(before, after)) {
                patch.set(e.getKey(), after.deepCopy());
            }
        }
        return patch;
    }
}
