package io.jctl.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * JSON patch (RFC 6902): a list of {@code add}, {@code remove}, {@code replace}, {@code move},
 * {@code copy} and {@code test} operations applied in order, all or nothing.
 */
public final class JsonPatch {
    private JsonPatch() {
    }

    /** The target with every operation applied; a failing operation (including {@code test}) throws. */
    public static JsonNode apply(JsonNode target, JsonNode patchArray) {
        Objects.requireNonNull(target, "target");
        if (patchArray == null || !patchArray.isArray()) {
            throw new PatchException("a JSON patch must be an array of operations, got " + JsonValues.type(patchArray));
        }
        JsonNode doc = target.deepCopy();
        for (int i = 0; i < patchArray.size(); i++) {
            doc = applyOne(doc, patchArray.get(i), i);
        }
        return doc;
    }

    private static JsonNode applyOne(JsonNode doc, JsonNode op, int index) {
        String where = "operation " + index;
        if (!op.isObject()) {
            throw new PatchException(where + ": must be an object, got " + JsonValues.type(op));
        }
        String name = requiredText(op, "op", where);
        where = where + " (" + name + ")";
        JsonPointer path = JsonPointer.parse(requiredText(op, "path", where), where);
        switch (name) {
            case "add":
                return add(doc, path, requiredValue(op, where).deepCopy(), where);
            case "remove":
                return remove(doc, path, where);
            case "replace": {
                JsonNode value = requiredValue(op, where).deepCopy();
                resolve(doc, path, where);
                if (path.isRoot()) {
                    return value;
                }
                JsonNode parent = resolve(doc, path.parent(), where);
                if (parent.isObject()) {
                    ((ObjectNode) parent).set(path.last(), value);
                } else {
                    ((ArrayNode) parent).set(arrayIndex(path, (ArrayNode) parent, false, where), value);
                }
                return doc;
            }
            case "move": {
                JsonPointer from = JsonPointer.parse(requiredText(op, "from", where), where);
                if (from.isProperPrefixOf(path)) {
                    throw new PatchException(where + ": cannot move \"" + from.text() + "\" into its own child \"" + path.text() + "\"");
                }
                JsonNode value = resolve(doc, from, where);
                if (from.tokens().equals(path.tokens())) {
                    return doc;
                }
                doc = remove(doc, from, where);
                return add(doc, path, value, where);
            }
            case "copy": {
                JsonPointer from = JsonPointer.parse(requiredText(op, "from", where), where);
                return add(doc, path, resolve(doc, from, where).deepCopy(), where);
            }
            case "test": {
                JsonNode expected = requiredValue(op, where);
                JsonNode actual = resolve(doc, path, where);
                if (!JsonValues.equal(actual, expected)) {
                    throw new PatchException(where + ": test failed: value at \"" + path.text() + "\" is " + actual
                            + ", expected " + expected);
                }
                return doc;
            }
            default:
                throw new PatchException("operation " + index + ": unknown op \"" + name
                        + "\"; expected add, remove, replace, move, copy or test");
        }
    }

    private static JsonNode add(JsonNode doc, JsonPointer path, JsonNode value, String where) {
        if (path.isRoot()) {
            return value;
        }
        JsonNode parent = resolve(doc, path.parent(), where);
        if (parent.isObject()) {
            ((ObjectNode) parent).set(path.last(), value);
        } else if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            if (path.last().equals("-")) {
                array.add(value);
            } else {
                array.insert(arrayIndex(path, array, true, where), value);
            }
        } else {
            throw new PatchException(where + ": cannot add \"" + path.text() + "\": \"" + path.parent().text()
                    + "\" is a " + JsonValues.type(parent) + ", not an object or array");
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, JsonPointer path, String where) {
        if (path.isRoot()) {
            throw new PatchException(where + ": cannot remove the whole document");
        }
        resolve(doc, path, where);
        JsonNode parent = resolve(doc, path.parent(), where);
        if (parent.isObject()) {
            ((ObjectNode) parent).remove(path.last());
        } else {
            ((ArrayNode) parent).remove(arrayIndex(path, (ArrayNode) parent, false, where));
        }
        return doc;
    }

    /** The node at the pointer; a missing location is an error that names the pointer. */
    private static JsonNode resolve(JsonNode doc, JsonPointer pointer, String where) {
        JsonNode node = doc;
        for (int i = 0; i < pointer.tokens().size(); i++) {
            String token = pointer.tokens().get(i);
            JsonNode next = null;
            if (node.isObject()) {
                next = node.get(token);
            } else if (node.isArray() && isIndex(token)) {
                int idx = parseIndex(token);
                next = idx >= 0 && idx < node.size() ? node.get(idx) : null;
            }
            if (next == null) {
                throw new PatchException(where + ": path \"" + pointer.text() + "\" does not exist (no \"" + token
                        + "\" in " + JsonValues.type(node) + " at \"" + prefix(pointer, i) + "\")");
            }
            node = next;
        }
        return node;
    }

    private static int arrayIndex(JsonPointer path, ArrayNode array, boolean forInsert, String where) {
        String token = path.last();
        int max = forInsert ? array.size() : array.size() - 1;
        if (!isIndex(token) || parseIndex(token) > max) {
            throw new PatchException(where + ": \"" + token + "\" in \"" + path.text() + "\" is not a valid index into an array of "
                    + array.size() + " (use 0.." + max + (forInsert ? " or '-' to append" : "") + ")");
        }
        return parseIndex(token);
    }

    /** RFC 6901 array indexes: "0" or digits without a leading zero. */
    private static boolean isIndex(String token) {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int parseIndex(String token) {
        return Integer.parseInt(token);
    }

    private static String prefix(JsonPointer pointer, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append('/').append(pointer.tokens().get(i).replace("~", "~0").replace("/", "~1"));
        }
        return s.toString();
    }

    private static String requiredText(JsonNode op, String member, String where) {
        JsonNode v = op.get(member);
        if (v == null || !v.isTextual()) {
            throw new PatchException(where + ": \"" + member + "\" is required and must be a string");
        }
        return v.textValue();
    }

    private static JsonNode requiredValue(JsonNode op, String where) {
        JsonNode v = op.get("value");
        if (v == null) {
            throw new PatchException(where + ": \"value\" is required");
        }
        return v;
    }
}
