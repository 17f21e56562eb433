package io.jctl.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ShortNode;

/**
 * JSONPath filter comparisons as client-go's fork of text/template's {@code eq}, {@code lt}...
 * does them: both sides must be the same basic kind (bool, int, float, string; ints and uints
 * compare with each other), else "incompatible types for comparison"; maps, lists and null are
 * "invalid type for comparison"; bools only support equality.
 */
final class GoCompare {
    private enum Kind { BOOL, INT, UINT, FLOAT, STRING }

    private GoCompare() {
    }

    static boolean compare(String op, JsonNode left, JsonNode right) {
        return switch (op) {
            case "==" -> equal(left, right);
            case "!=" -> !equal(left, right);
            case "<" -> less(left, right);
            case ">" -> !lessOrEqual(left, right);
            case "<=" -> lessOrEqual(left, right);
            case ">=" -> !less(left, right);
            default -> throw new JsonPathException("unrecognized filter operator " + op);
        };
    }

    private static Kind kind(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode() || v.isContainerNode()) {
            throw new JsonPathException("invalid type for comparison");
        }
        if (v.isBoolean()) {
            return Kind.BOOL;
        }
        if (v instanceof ShortNode) {
            return Kind.UINT;
        }
        if (v.isNumber()) {
            return GoText.isInt64(v) ? Kind.INT : Kind.FLOAT;
        }
        return Kind.STRING;
    }

    private static boolean equal(JsonNode a, JsonNode b) {
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka != kb) {
            if (isInteger(ka) && isInteger(kb)) {
                return a.longValue() == b.longValue();
            }
            throw new JsonPathException("incompatible types for comparison");
        }
        return switch (ka) {
            case BOOL -> a.booleanValue() == b.booleanValue();
            case INT, UINT -> a.longValue() == b.longValue();
            case FLOAT -> a.doubleValue() == b.doubleValue();
            case STRING -> a.asText().equals(b.asText());
        };
    }

    private static boolean less(JsonNode a, JsonNode b) {
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka != kb) {
            if (isInteger(ka) && isInteger(kb)) {
                return a.longValue() < b.longValue();
            }
            throw new JsonPathException("incompatible types for comparison");
        }
        return switch (ka) {
            case BOOL -> throw new JsonPathException("invalid type for comparison");
            case INT, UINT -> a.longValue() < b.longValue();
            case FLOAT -> a.doubleValue() < b.doubleValue();
            case STRING -> a.asText().compareTo(b.asText()) < 0;
        };
    }

    private static boolean lessOrEqual(JsonNode a, JsonNode b) {
        return less(a, b) || equal(a, b);
    }

    private static boolean isInteger(Kind k) {
        return k == Kind.INT || k == Kind.UINT;
    }
}
