package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.apiserver.registry.ResourceType;

/**
 * What keeps an object that is being deleted in the store: metadata.finalizers, and for
 * namespaces also spec.finalizers (emptied through the {@code finalize} subresource).
 */
public final class Finalizers {
    public static final String FOREGROUND = "foregroundDeletion";
    public static final String ORPHAN = "orphan";

    private Finalizers() {
    }

    public static boolean pending(ResourceType<?> type, JsonNode obj) {
        if (nonEmpty(obj.path("metadata").path("finalizers"))) {
            return true;
        }
        return type.plural().equals("namespaces") && type.group().isEmpty()
                && nonEmpty(obj.path("spec").path("finalizers"));
    }

    /** Adds {@code name} to metadata.finalizers unless it is there. */
    public static void add(ObjectNode obj, String name) {
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        ArrayNode list = meta.has("finalizers") && meta.get("finalizers").isArray()
                ? (ArrayNode) meta.get("finalizers") : meta.putArray("finalizers");
        for (JsonNode f : list) {
            if (f.asText().equals(name)) {
                return;
            }
        }
        list.add(name);
    }

    private static boolean nonEmpty(JsonNode list) {
        return list.isArray() && !list.isEmpty();
    }
}
