package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.selector.FieldSelector;
import io.jctl.api.selector.LabelSelector;
import io.jctl.apiserver.registry.ResourceType;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Label and field selection of stored objects, with Kubernetes' error for unsupported fields. */
public final class ObjectFilter implements Predicate<ObjectNode> {
    private final LabelSelector labels;
    private final FieldSelector fields;
    private final String namespace;
    private final ResourceType<?> type;

    private ObjectFilter(ResourceType<?> type, LabelSelector labels, FieldSelector fields, String namespace) {
        this.type = type;
        this.labels = labels;
        this.fields = fields;
        this.namespace = namespace;
    }

    public static ObjectFilter of(ResourceType<?> type, String namespace, ListQuery query) {
        Set<String> allowed = new HashSet<>(type.selectableFields());
        allowed.add("metadata.name");
        allowed.add("metadata.namespace");
        for (String f : query.fields().fieldNames()) {
            if (!allowed.contains(f)) {
                throw ApiException.badRequest("field label not supported: " + f + " (" + type.qualifiedResource()
                        + " can be selected by " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
        return new ObjectFilter(type, query.labels(), query.fields(), namespace);
    }

    @Override
    public boolean test(ObjectNode obj) {
        if (obj == null) {
            return false;
        }
        JsonNode meta = obj.path("metadata");
        if (namespace != null && !namespace.equals(meta.path("namespace").asText())) {
            return false;
        }
        if (!labels.isEmpty() && !labels.matches(labelsOf(meta))) {
            return false;
        }
        return fields.fieldNames().isEmpty() || fields.matches(field -> fieldValue(obj, type.fieldPath(field)));
    }

    static Map<String, String> labelsOf(JsonNode meta) {
        JsonNode l = meta.path("labels");
        if (!l.isObject()) {
            return Map.of();
        }
        Map<String, String> m = new HashMap<>();
        l.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** The value of a dotted path as a field selector compares it ("" when absent). */
    static String fieldValue(ObjectNode obj, String path) {
        JsonNode n = obj;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        if (n.isMissingNode() || n.isNull()) {
            return path.equals("spec.unschedulable") ? "false" : "";
        }
        return n.asText();
    }
}
