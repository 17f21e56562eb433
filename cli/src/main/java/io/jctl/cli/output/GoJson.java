package io.jctl.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * JSON as Go's encoding/json writes decoded objects, which is what kubectl prints: keys sorted,
 * {@code <>&} and U+2028/U+2029 escaped, floats in Go's shortest form, and {@code -o json}'s
 * four-space indentation.
 */
final class GoJson {
    private GoJson() {
    }

    /** {@code json.Marshal}: compact. */
    static String compact(JsonNode v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb, null, 0);
        return sb.toString();
    }

    /** {@code json.MarshalIndent(v, "", "    ")}, without a trailing newline. */
    static String indented(JsonNode v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb, "    ", 0);
        return sb.toString();
    }

    private static void write(JsonNode v, StringBuilder sb, String indent, int depth) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            sb.append("null");
        } else if (v.isObject()) {
            List<String> keys = GoText.sortedKeys(v);
            if (keys.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                newline(sb, indent, depth + 1);
                string(keys.get(i), sb);
                sb.append(indent == null ? ":" : ": ");
                write(v.get(keys.get(i)), sb, indent, depth + 1);
            }
            newline(sb, indent, depth);
            sb.append('}');
        } else if (v.isArray()) {
            if (v.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                newline(sb, indent, depth + 1);
                write(v.get(i), sb, indent, depth + 1);
            }
            newline(sb, indent, depth);
            sb.append(']');
        } else if (v.isNumber()) {
            sb.append(GoText.isInt64(v) ? Long.toString(v.longValue())
                    : GoText.formatShortest(v.doubleValue(), -6, 21, false));
        } else if (v.isBoolean()) {
            sb.append(v.booleanValue());
        } else {
            string(v.asText(), sb);
        }
    }

    private static void newline(StringBuilder sb, String indent, int depth) {
        if (indent != null) {
            sb.append('\n').append(indent.repeat(depth));
        }
    }

    static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
