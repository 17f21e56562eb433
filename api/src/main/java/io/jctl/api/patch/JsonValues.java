package io.jctl.api.patch;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Comparator;

/** Equality and text of JSON values as Go's decoded {@code interface{}} values behave (numbers by value). */
final class JsonValues {
    private static final Comparator<JsonNode> NUMERIC_AWARE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return decimal(a).compareTo(decimal(b)) == 0 ? 0 : 1;
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonValues() {
    }

    /** Deep equality where {@code 1}, {@code 1.0} and {@code 1L} are the same number; {@code null} means absent. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return NUMERIC_AWARE.compare(a, b) == 0;
        }
        return a.equals(NUMERIC_AWARE, b);
    }

    /** The text Go's {@code fmt.Sprintf("%v")} gives a scalar; used to sort and compare merge keys. */
    static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return "<nil>";
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNumber()) {
            BigDecimal d = decimal(v).stripTrailingZeros();
            return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        }
        return v.toString();
    }

    /** The JSON type of a value, to tell a changed type from a changed value. */
    static String type(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isObject()) {
            return "object";
        }
        if (v.isArray()) {
            return "array";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        return "string";
    }

    private static BigDecimal decimal(JsonNode n) {
        return n.isBigDecimal() || n.isFloatingPointNumber() ? n.decimalValue() : new BigDecimal(n.bigIntegerValue());
    }
}
