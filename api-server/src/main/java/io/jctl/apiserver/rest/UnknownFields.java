package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.apiserver.openapi.ModelShape;
import io.jctl.apiserver.registry.ResourceType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds the fields of a request body that its kind does not have, as kube-apiserver's strict
 * decoding does, and applies the request's {@link FieldValidation} to them. Paths read like
 * Kubernetes prints them: {@code spec.template.spec.containers[0].imagee}. Free-form parts of
 * the model (such as {@code metadata.managedFields[].fieldsV1}) accept anything.
 */
public final class UnknownFields {
    private UnknownFields() {
    }

    /** The paths of the unknown fields in {@code tree} read as {@code model}, in document order. */
    public static List<String> find(JsonNode tree, Class<?> model) {
        List<String> out = new ArrayList<>();
        walk(tree, ModelShape.of(model), "", out, false);
        return out;
    }

    /** Removes the unknown fields from {@code tree} and returns their paths. */
    public static List<String> prune(ObjectNode tree, Class<?> model) {
        List<String> out = new ArrayList<>();
        walk(tree, ModelShape.of(model), "", out, true);
        return out;
    }

    /**
     * Applies {@code options.fieldValidation()} to an object about to be admitted: Strict throws
     * 400, Warn and Ignore drop the unknown fields (Kubernetes does not store what it does not
     * know), Warn also reports each one to {@code options.warnings()}.
     */
    public static void enforce(ResourceType<?> type, ObjectNode obj, WriteOptions options) {
        if (options.fieldValidation() == FieldValidation.STRICT) {
            List<String> unknown = find(obj, type.type());
            if (!unknown.isEmpty()) {
                throw ApiException.badRequest(type.kind() + " in version \"" + type.version()
                        + "\" cannot be handled as a " + type.kind() + ": strict decoding error: "
                        + unknown.stream().map(UnknownFields::message).collect(Collectors.joining(", ")));
            }
            return;
        }
        List<String> removed = prune(obj, type.type());
        if (options.fieldValidation() == FieldValidation.WARN) {
            removed.forEach(p -> options.warnings().accept(message(p)));
        }
    }

    /** {@code unknown field "spec.foo"}, the text kube-apiserver uses in errors and warnings. */
    public static String message(String path) {
        return "unknown field \"" + path + "\"";
    }

    private static void walk(JsonNode node, ModelShape shape, String path, List<String> out, boolean remove) {
        if (shape instanceof ModelShape.Struct struct && node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String at = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                JavaType fieldType = struct.fields().get(f.getKey());
                if (fieldType == null) {
                    out.add(at);
                    if (remove) {
                        fields.remove();
                    }
                } else {
                    walk(f.getValue(), ModelShape.of(fieldType), at, out, remove);
                }
            }
        } else if (shape instanceof ModelShape.MapOf map && node.isObject()) {
            ModelShape values = ModelShape.of(map.values());
            node.fields().forEachRemaining(f ->
                    walk(f.getValue(), values, path.isEmpty() ? f.getKey() : path + "." + f.getKey(), out, remove));
        } else if (shape instanceof ModelShape.ListOf list && node.isArray()) {
            ModelShape items = ModelShape.of(list.items());
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), items, path + "[" + i + "]", out, remove);
            }
        }
        // Scalars and free-form values have no fields; wrong types are ObjectCodec's 400.
    }
}
