package io.jctl.apiserver.openapi;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code components.schemas} of one document, generated from model classes by their
 * {@link ModelShape}: one named schema per struct class, referenced with {@code $ref}; maps,
 * lists and scalars inline. Struct classes are named by their Java class, which kubectl only
 * shows by the last segment ({@code <ObjectMeta>}), as it does for Kubernetes' names.
 */
final class ComponentSchemas {
    static final String PREFIX = "#/components/schemas/";
    private final Map<String, ObjectNode> schemas = new TreeMap<>();

    /** A schema for a value of {@code type}: a {@code $ref} for structs, inline otherwise. */
    ObjectNode schema(JavaType type) {
        ModelShape shape = ModelShape.of(type);
        ObjectNode s = Json.newObject();
        if (shape instanceof ModelShape.Struct struct) {
            s.put("$ref", ref(struct));
        } else if (shape instanceof ModelShape.Scalar scalar) {
            s.put("type", scalar.type());
            if (scalar.format() != null) {
                s.put("format", scalar.format());
            }
        } else if (shape instanceof ModelShape.IntOrStringValue) {
            s.put("type", "string");
            s.put("format", "int-or-string");
            s.put("x-kubernetes-int-or-string", true);
        } else if (shape instanceof ModelShape.QuantityValue) {
            s.put("type", "string");
            s.put("format", "quantity");
        } else if (shape instanceof ModelShape.MapOf map) {
            s.put("type", "object");
            s.set("additionalProperties", schema(map.values()));
        } else if (shape instanceof ModelShape.ListOf list) {
            s.put("type", "array");
            s.set("items", schema(list.items()));
        } else {
            s.put("type", "object");
            s.put("x-kubernetes-preserve-unknown-fields", true);
        }
        return s;
    }

    ObjectNode schema(Class<?> type) {
        return schema(Json.mapper().constructType(type));
    }

    /** The named schema of a struct class, generated on first use; null for a class that is not one. */
    ObjectNode component(Class<?> type) {
        ModelShape shape = ModelShape.of(type);
        if (!(shape instanceof ModelShape.Struct struct)) {
            return null;
        }
        ref(struct);
        return schemas.get(name(type));
    }

    /** Marks the component of a top-level class with the kind it is, as kubectl looks kinds up. */
    void kind(Class<?> type, String group, String version, String kind) {
        ObjectNode c = component(type);
        if (c == null) {
            return;
        }
        ObjectNode gvk = Json.newObject();
        gvk.put("group", group);
        gvk.put("kind", kind);
        gvk.put("version", version);
        com.fasterxml.jackson.databind.node.ArrayNode kinds = c.withArray("x-kubernetes-group-version-kind");
        for (com.fasterxml.jackson.databind.JsonNode k : kinds) {
            if (k.equals(gvk)) {
                return;
            }
        }
        kinds.add(gvk);
    }

    /** Adds a schema that no model class describes. */
    String add(String name, ObjectNode schema) {
        schemas.put(name, schema);
        return PREFIX + name;
    }

    ObjectNode toJson() {
        ObjectNode n = Json.newObject();
        schemas.forEach(n::set);
        return n;
    }

    static String name(Class<?> type) {
        return type.getName().replace('$', '.');
    }

    private String ref(ModelShape.Struct struct) {
        String name = name(struct.type());
        if (!schemas.containsKey(name)) {
            ObjectNode s = Json.newObject();
            // Registered before the fields so that recursive types end in a $ref.
            schemas.put(name, s);
            s.put("type", "object");
            ObjectNode props = s.putObject("properties");
            struct.fields().forEach((field, type) -> props.set(field, schema(type)));
        }
        return PREFIX + name;
    }
}
