package io.jctl.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --sort-by}: orders items by the first value a JSONPath finds in each, as kubectl 1.32
 * sorts table rows: numbers numerically, strings that are both resource quantities by amount
 * ({@code 512Ki < 100Mi < 1Gi}), other strings by their bytes ({@code web-10 < web-9}, as
 * kubectl has it), items without the field first. Ints and floats do not compare with each
 * other, and booleans, maps and lists not at all: those are errors, where kubectl exits.
 */
public final class SortBy {
    private static final Pattern RELAXED = Pattern.compile("^\\{\\.?([^{}]+)}$|^\\.?([^{}]+)$");
    private static final Pattern QUANTITY = Pattern.compile(
            "^([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?$");

    private final String field;
    private final JsonPath path;

    private SortBy(String field, JsonPath path) {
        this.field = field;
        this.path = path;
    }

    /**
     * Parses a {@code --sort-by} expression; {@code metadata.name}, {@code .metadata.name} and
     * {@code {.metadata.name}} are all accepted, as kubectl's RelaxedJSONPathExpression does.
     */
    public static SortBy parse(String expression) {
        String field;
        try {
            field = relaxed(expression);
        } catch (IllegalArgumentException e) {
            field = expression;
        }
        try {
            return new SortBy(field, JsonPath.parse(field).allowMissingKeys(true));
        } catch (JsonPathException e) {
            throw new IllegalArgumentException("sorting error: " + e.getMessage(), e);
        }
    }

    /** {@code name}, {@code .name}, {@code {name}}, {@code {.name}} → {@code {.name}}. */
    static String relaxed(String expression) {
        if (expression.isEmpty()) {
            return expression;
        }
        Matcher m = RELAXED.matcher(expression);
        if (!m.matches()) {
            throw new IllegalArgumentException("unexpected path string, expected a 'name1.name2' or '.name1.name2' "
                    + "or '{name1.name2}' or '{.name1.name2}'");
        }
        return "{." + (m.group(1) != null ? m.group(1) : m.group(2)) + "}";
    }

    /**
     * The order of {@code items} (indexes into it) sorted by this field. Throws
     * IllegalArgumentException when no item has the field or values cannot be compared.
     */
    public int[] order(List<JsonNode> items) {
        List<JsonNode> keys = new ArrayList<>();
        boolean found = false;
        for (JsonNode item : items) {
            List<List<JsonNode>> results = path.findResults(item);
            JsonNode key = results.isEmpty() || results.get(0).isEmpty() ? null : results.get(0).get(0);
            keys.add(key);
            found |= key != null;
        }
        if (!items.isEmpty() && !found) {
            throw new IllegalArgumentException("couldn't find any field with path " + GoText.quote(field)
                    + " in the list of objects");
        }
        int[] order = new int[items.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Go's sort.Sort is an insertion sort for short inputs; this keeps kubectl's order of
        // equal keys there and is stable beyond.
        for (int i = 1; i < order.length; i++) {
            for (int j = i; j > 0 && less(keys.get(order[j]), keys.get(order[j - 1])); j--) {
                int t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        }
        return order;
    }

    private boolean less(JsonNode i, JsonNode j) {
        if (i == null) {
            return true;
        }
        if (j == null) {
            return false;
        }
        if (i.isNull() && j.isNull()) {
            return false;
        } else if (i.isNull()) {
            return true;
        } else if (j.isNull()) {
            return false;
        }
        String ti = JsonPath.goType(i);
        String tj = JsonPath.goType(j);
        if (i.isContainerNode() || i.isBoolean()) {
            throw unsortable(ti);
        }
        if (!ti.equals(tj)) {
            throw unsortable(ti);
        }
        if (i.isNumber()) {
            return GoText.isInt64(i) ? i.longValue() < j.longValue() : i.doubleValue() < j.doubleValue();
        }
        String a = i.asText();
        String b = j.asText();
        BigDecimal qa = quantity(a);
        BigDecimal qb = quantity(b);
        if (qa != null && qb != null) {
            return qa.compareTo(qb) < 0;
        }
        return a.compareTo(b) < 0;
    }

    private IllegalArgumentException unsortable(String type) {
        return new IllegalArgumentException("field " + field + " is an unsortable type: " + type);
    }

    /** A resource quantity's value ({@code 100Mi}, {@code 1.5}, {@code 200m}, {@code 1e3}), or null. */
    static BigDecimal quantity(String s) {
        Matcher m = QUANTITY.matcher(s);
        if (!m.matches()) {
            return null;
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2) == null ? "" : m.group(2);
        return switch (suffix) {
            case "" -> number;
            case "Ki" -> number.multiply(BigDecimal.valueOf(1024L));
            case "Mi" -> number.multiply(BigDecimal.valueOf(1024L * 1024));
            case "Gi" -> number.multiply(BigDecimal.valueOf(1024L * 1024 * 1024));
            case "Ti" -> number.multiply(BigDecimal.valueOf(1024L * 1024 * 1024 * 1024));
            case "Pi" -> number.multiply(BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024));
            case "Ei" -> number.multiply(BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024 * 1024));
            case "n" -> number.scaleByPowerOfTen(-9);
            case "u" -> number.scaleByPowerOfTen(-6);
            case "m" -> number.scaleByPowerOfTen(-3);
            case "k" -> number.scaleByPowerOfTen(3);
            case "M" -> number.scaleByPowerOfTen(6);
            case "G" -> number.scaleByPowerOfTen(9);
            case "T" -> number.scaleByPowerOfTen(12);
            case "P" -> number.scaleByPowerOfTen(15);
            case "E" -> number.scaleByPowerOfTen(18);
            default -> number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        };
    }

}
