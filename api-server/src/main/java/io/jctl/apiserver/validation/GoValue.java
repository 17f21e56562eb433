package io.jctl.apiserver.validation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A value shown in an Invalid message the way kube-apiserver prints it with Go's {@code %#v}
 * ({@code map[string]string{"app":"web"}}), so messages read the same as from Kubernetes. Its
 * {@link #toString()} is the rendering, which {@link FieldErrors#invalid} prints unquoted.
 */
public record GoValue(String text) {
    @Override
    public String toString() {
        return text;
    }

    public static GoValue stringMap(Map<String, String> map) {
        return new GoValue(renderMap(map));
    }

    /** {@code v1.LabelSelector{MatchLabels:map[string]string{...}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}. */
    public static GoValue labelSelector(LabelSelector selector) {
        if (selector == null) {
            return new GoValue("null");
        }
        StringBuilder s = new StringBuilder("v1.LabelSelector{MatchLabels:").append(renderMap(selector.getMatchLabels()))
                .append(", MatchExpressions:");
        List<LabelSelectorRequirement> exprs = selector.getMatchExpressions();
        if (exprs == null || exprs.isEmpty()) {
            s.append("[]v1.LabelSelectorRequirement(nil)");
        } else {
            s.append("[]v1.LabelSelectorRequirement{");
            for (int i = 0; i < exprs.size(); i++) {
                LabelSelectorRequirement r = exprs.get(i);
                if (i > 0) {
                    s.append(", ");
                }
                s.append("v1.LabelSelectorRequirement{Key:").append(quote(r.getKey()))
                        .append(", Operator:").append(quote(r.getOperator())).append(", Values:");
                if (r.getValues() == null || r.getValues().isEmpty()) {
                    s.append("[]string(nil)");
                } else {
                    s.append("[]string{");
                    for (int j = 0; j < r.getValues().size(); j++) {
                        s.append(j > 0 ? ", " : "").append(quote(r.getValues().get(j)));
                    }
                    s.append('}');
                }
                s.append('}');
            }
            s.append('}');
        }
        return new GoValue(s.append('}').toString());
    }

    private static String renderMap(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            // fabric8 cannot tell a missing map from an empty one; Kubernetes mostly sees missing ones.
            return "map[string]string(nil)";
        }
        StringBuilder s = new StringBuilder("map[string]string{");
        int i = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            s.append(i++ > 0 ? ", " : "").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        }
        return s.append('}').toString();
    }

    private static String quote(String s) {
        return s == null ? "\"\"" : '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
