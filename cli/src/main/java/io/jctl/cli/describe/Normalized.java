package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Equality of JSON trees as apimachinery's semantic equality sees the objects they decode to:
 * a missing field, {@code null}, an empty list and an empty map are all the same, and numbers
 * compare by value.
 */
final class Normalized {
    private Normalized() {
    }

    static boolean equal(JsonNode a, JsonNode b) {
        boolean emptyA = isEmpty(a);
        boolean emptyB = isEmpty(b);
        if (emptyA || emptyB) {
            return emptyA && emptyB;
        }
        if (a.isObject() && b.isObject()) {
            return containedIn(a, b) && containedIn(b, a);
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean containedIn(JsonNode a, JsonNode b) {
        Iterator<Map.Entry<String, JsonNode>> it = a.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!equal(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Go's zero values of the fields a template holds: unset, empty string, 0 and false. */
    private static boolean isEmpty(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull()
                || (n.isContainerNode() && n.size() == 0)
                || (n.isTextual() && n.asText().isEmpty())
                || (n.isBoolean() && !n.asBoolean())
                || (n.isNumber() && n.decimalValue().signum() == 0);
    }
}
