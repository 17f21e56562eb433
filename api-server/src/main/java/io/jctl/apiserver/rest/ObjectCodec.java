package io.jctl.apiserver.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.apiserver.protobuf.KubeProtobuf;
import io.jctl.apiserver.registry.ResourceType;

import java.io.IOException;
import java.util.Locale;

/**
 * Turns request bodies into objects and objects into the fabric8 model types, reporting what
 * Kubernetes reports: 400 for bodies that are not JSON/YAML/protobuf or have a wrong type in a
 * field (naming the field), 415 for content types it does not read. Protobuf bodies (what
 * kubectl's generators send) are turned into JSON first; answers stay JSON.
 */
public final class ObjectCodec {
    private ObjectCodec() {
    }

    /** Parses a JSON, YAML or Kubernetes protobuf request body into an object node. */
    public static JsonNode decode(byte[] body, String contentType) {
        if (KubeProtobuf.isProtobuf(contentType)) {
            return KubeProtobuf.decode(body);
        }
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("the request body is empty; send the object as JSON or YAML");
        }
        boolean yaml = isYaml(contentType);
        try {
            JsonNode node = (yaml ? Json.yaml() : Json.mapper()).readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("the request body is empty; send the object as JSON or YAML");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw ApiException.badRequest("error decoding " + (yaml ? "YAML" : "JSON") + where + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("error reading the request body: " + e.getMessage());
        }
    }

    /** Parses a body that must be one object (not a list, string or number). */
    public static ObjectNode decodeObject(byte[] body, String contentType) {
        JsonNode node = decode(body, contentType);
        if (!node.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON or YAML object, not " + describe(node));
        }
        return (ObjectNode) node;
    }

    public static boolean isYaml(String contentType) {
        String ct = mediaType(contentType);
        return ct.equals("application/yaml") || ct.equals("application/x-yaml") || ct.equals("text/yaml")
                || ct.equals("application/apply-patch+yaml");
    }

    /** Accepts the content types of whole objects: JSON (the default), YAML and Kubernetes protobuf. */
    public static void requireObjectContentType(String contentType) {
        String ct = mediaType(contentType);
        if (ct.isEmpty() || ct.equals("application/json") || isYaml(contentType) || ct.equals("*/*")
                || KubeProtobuf.isProtobuf(contentType)) {
            return;
        }
        throw ApiException.unsupportedMediaType("the body of type " + ct
                + " is not supported; send application/json, application/yaml or " + KubeProtobuf.MEDIA_TYPE);
    }

    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** Converts an object node to the kind's model class; a field of the wrong type is a 400. */
    public static <T extends HasMetadata> T toTyped(ObjectNode node, ResourceType<T> type) {
        try {
            return Json.mapper().treeToValue(node, type.type());
        } catch (JsonMappingException e) {
            throw wrongType(type, e);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(type.kind() + " could not be decoded: " + e.getOriginalMessage());
        }
    }

    public static ObjectNode toTree(Object typed) {
        return Json.toTree(typed);
    }

    private static ApiException wrongType(ResourceType<?> type, JsonMappingException e) {
        String field = fieldPath(e);
        String expected = "";
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            expected = " of type " + simpleType(m.getTargetType());
        }
        String found = e instanceof InvalidFormatException f ? " (got " + Json.toJson(f.getValue()) + ")" : "";
        return ApiException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
                + type.kind() + ": field " + (field.isEmpty() ? "<root>" : field) + " must be a value" + expected
                + found + ": " + e.getOriginalMessage().split("\n")[0]);
    }

    /** {@code spec.template.spec.containers[0].ports[1].containerPort}. */
    static String fieldPath(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (s.length() > 0) {
                    s.append('.');
                }
                s.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    private static String simpleType(Class<?> c) {
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
            return "integer";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "boolean";
        }
        if (c == String.class) {
            return "string";
        }
        if (java.util.Collection.class.isAssignableFrom(c)) {
            return "list";
        }
        if (java.util.Map.class.isAssignableFrom(c)) {
            return "map";
        }
        return "object";
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
