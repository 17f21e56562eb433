package io.jctl.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NumericNode;

import java.util.Comparator;

/** Comparisons of JSON trees by content. */
public final class JsonTrees {
    /**
     * Numbers compare by value: a tree read from bytes holds {@code 30} as an int node, the same
     * tree built from a model object may hold it as a long node, and Jackson's equals differs.
     */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a instanceof NumericNode x && b instanceof NumericNode y) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonTrees() {
    }

    /** Whether two trees hold the same content; nulls are equal only to each other. */
    public static boolean sameContent(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(BY_VALUE, b);
    }
}
