package io.jctl.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * kubectl's three-way JSON merge patch for kinds without strategic merge metadata: fields the
 * last applied configuration had and the new one lacks are deleted, fields that differ from the
 * live object are set, fields only the live object has are left alone.
 */
public final class ThreeWayMergePatch {
    private ThreeWayMergePatch() {
    }

    public static ObjectNode create(ObjectNode original, ObjectNode modified, ObjectNode current) {
        ObjectNode deletions = deletions(original == null ? empty() : original, modified);
        ObjectNode changes = changes(current == null ? empty() : current, modified);
        return merge(deletions, changes);
    }

    /** Nulls for what {@code original} has and {@code modified} does not. */
    private static ObjectNode deletions(ObjectNode original, ObjectNode modified) {
        ObjectNode out = empty();
        for (Iterator<Map.Entry<String, JsonNode>> it = original.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode m = modified.get(e.getKey());
            if (m == null || m.isNull()) {
                out.putNull(e.getKey());
            } else if (e.getValue().isObject() && m.isObject()) {
                ObjectNode sub = deletions((ObjectNode) e.getValue(), (ObjectNode) m);
                if (!sub.isEmpty()) {
                    out.set(e.getKey(), sub);
                }
            }
        }
        return out;
    }

    /** What {@code modified} sets differently from {@code current}; never deletes. */
    private static ObjectNode changes(ObjectNode current, ObjectNode modified) {
        ObjectNode out = empty();
        for (Iterator<Map.Entry<String, JsonNode>> it = modified.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode c = current.get(e.getKey());
            JsonNode m = e.getValue();
            if (m.isObject() && c != null && c.isObject()) {
                ObjectNode sub = changes((ObjectNode) c, (ObjectNode) m);
                if (!sub.isEmpty()) {
                    out.set(e.getKey(), sub);
                }
            } else if (!m.equals(c)) {
                out.set(e.getKey(), m.deepCopy());
            }
        }
        return out;
    }

    private static ObjectNode merge(ObjectNode base, ObjectNode overlay) {
        for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode b = base.get(e.getKey());
            if (b != null && b.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) b, (ObjectNode) e.getValue());
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
        return base;
    }

    private static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }
}
