package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;

/**
 * kubectl's generic describer, for kinds without their own layout: name, namespace, labels and
 * annotations, then every field in sorted nested form with titled names, and Events.
 */
class GenericDescriber implements KindDescriber {
    private static final Set<String> SKIP = Set.of(".metadata.managedFields", ".metadata.name",
            ".metadata.namespace", ".metadata.labels", ".metadata.annotations");

    @Override
    public String describe(ObjectNode obj, DescribeContext ctx) {
        List<ObjectNode> events = EventsSection.about(ctx, obj);
        PrefixWriter w = new PrefixWriter();
        w.write(LEVEL_0, "Name:\t%s\n", Tree.str(obj, "metadata", "name"));
        w.write(LEVEL_0, "Namespace:\t%s\n", Tree.str(obj, "metadata", "namespace"));
        Multiline.labels(w, "Labels", Tree.map(obj, "metadata", "labels"));
        Multiline.annotations(w, "Annotations", Tree.map(obj, "metadata", "annotations"));
        content(w, LEVEL_0, obj, "");
        EventsSection.print(w, events, ctx);
        return w.result();
    }

    private static void content(PrefixWriter w, int level, JsonNode object, String path) {
        Map<String, JsonNode> fields = new TreeMap<>(Tree.fields(object));
        for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
            String field = e.getKey();
            JsonNode value = e.getValue();
            String fieldPath = path + "." + field;
            if (SKIP.contains(fieldPath)) {
                continue;
            }
            if (value.isObject()) {
                w.write(level, "%s:\n", SmartLabel.of(field));
                content(w, level + 1, value, fieldPath);
            } else if (value.isArray()) {
                w.write(level, "%s:\n", SmartLabel.of(field));
                for (JsonNode child : value) {
                    if (child.isObject()) {
                        content(w, level + 1, child, fieldPath);
                    } else {
                        w.write(level + 1, "%s\n", scalar(child));
                    }
                }
            } else {
                w.write(level, "%s:\t%s\n", SmartLabel.of(field), scalar(value));
            }
        }
    }

    /** Go's {@code %v} of a decoded JSON scalar (integers as int64, other numbers as float64). */
    static String scalar(JsonNode v) {
        if (v.isNull()) {
            return "<nil>";
        }
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue().toString();
        }
        if (v.isNumber()) {
            double d = v.doubleValue();
            BigDecimal b = BigDecimal.valueOf(d).stripTrailingZeros();
            double abs = Math.abs(d);
            if (d == 0 || (abs >= 1e-4 && abs < 1e21)) {
                return b.toPlainString();
            }
            String mantissa = b.unscaledValue().toString();
            int exponent = mantissa.length() - 1 - b.scale() - (d < 0 ? 1 : 0);
            String digits = mantissa.replace("-", "");
            String m = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            return (d < 0 ? "-" : "") + m + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        return v.asText();
    }
}
