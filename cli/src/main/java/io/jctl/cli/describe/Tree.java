package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Null-safe reads from an object's JSON tree. A missing field reads as Go's zero value (empty
 * string, 0, false, empty list or map), which is what kubectl prints for a field that is unset.
 */
final class Tree {
    private Tree() {
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node == null ? MissingNode.getInstance() : node;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }

    static boolean has(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return !n.isMissingNode() && !n.isNull();
    }

    static String str(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n.isMissingNode() || n.isNull() || n.isContainerNode()) {
            return "";
        }
        return n.asText();
    }

    static long num(JsonNode node, String... path) {
        return at(node, path).asLong(0);
    }

    static boolean bool(JsonNode node, String... path) {
        return at(node, path).asBoolean(false);
    }

    static List<JsonNode> list(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        List<JsonNode> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }

    static List<String> strings(JsonNode node, String... path) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list(node, path)) {
            out.add(n.isNull() ? "" : n.asText());
        }
        return out;
    }

    /** A string map such as labels, in document order. */
    static Map<String, String> map(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
            }
        }
        return out;
    }

    /** The fields of an object node, in document order. */
    static Map<String, JsonNode> fields(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Go's {@code %v} of a JSON scalar or IntOrString. */
    static String text(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "";
        }
        return n.asText();
    }
}
