package io.jctl.apiserver.validation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code metav1.LabelSelector} as workloads use it: validation of its parts, whether it matches
 * a label set, and the text form kubectl prints ({@code app=web,tier in (a,b)}).
 */
public final class LabelSelectors {
    private LabelSelectors() {
    }

    public static void validate(LabelSelector selector, String path, FieldErrors errors) {
        if (selector == null) {
            return;
        }
        List<LabelSelectorRequirement> exprs = nonNull(selector.getMatchExpressions());
        for (int i = 0; i < exprs.size(); i++) {
            LabelSelectorRequirement r = exprs.get(i);
            String p = path + ".matchExpressions[" + i + "]";
            List<String> values = nonNull(r.getValues());
            String op = r.getOperator() == null ? "" : r.getOperator();
            switch (op) {
                case "In", "NotIn" -> {
                    if (values.isEmpty()) {
                        errors.required(p + ".values", "must be specified when `operator` is 'In' or 'NotIn'");
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (!values.isEmpty()) {
                        errors.forbidden(p + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    }
                }
                default -> errors.invalid(p + ".operator", op, "not a valid selector operator");
            }
            String key = r.getKey() == null ? "" : r.getKey();
            for (String m : ValueFormats.qualifiedName(key)) {
                errors.invalid(p + ".key", key, m);
            }
            for (int j = 0; j < values.size(); j++) {
                for (String m : ValueFormats.labelValue(values.get(j))) {
                    errors.invalid(p + ".values[" + j + "]", values.get(j), m);
                }
            }
        }
        ObjectMetaValidation.validateLabels(selector.getMatchLabels(), path + ".matchLabels", errors);
    }

    public static boolean isEmpty(LabelSelector selector) {
        return selector == null
                || (nonNull(selector.getMatchLabels()).isEmpty() && nonNull(selector.getMatchExpressions()).isEmpty());
    }

    /** Whether {@code labels} satisfy every requirement; an empty selector matches everything. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (Map.Entry<String, String> e : nonNull(selector.getMatchLabels()).entrySet()) {
            if (!e.getValue().equals(l.get(e.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement r : nonNull(selector.getMatchExpressions())) {
            String v = l.get(r.getKey());
            List<String> values = nonNull(r.getValues());
            boolean ok = switch (String.valueOf(r.getOperator())) {
                case "In" -> v != null && values.contains(v);
                case "NotIn" -> v == null || !values.contains(v);
                case "Exists" -> l.containsKey(r.getKey());
                case "DoesNotExist" -> !l.containsKey(r.getKey());
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code labels.Selector.String()}: requirements sorted by key. */
    public static String format(LabelSelector selector) {
        if (selector == null) {
            return "";
        }
        TreeMap<String, List<String>> byKey = new TreeMap<>();
        for (Map.Entry<String, String> e : nonNull(selector.getMatchLabels()).entrySet()) {
            byKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getKey() + "=" + e.getValue());
        }
        for (LabelSelectorRequirement r : nonNull(selector.getMatchExpressions())) {
            String values = String.join(",", new TreeSet<>(nonNull(r.getValues())));
            String text = switch (String.valueOf(r.getOperator())) {
                case "In" -> r.getKey() + " in (" + values + ")";
                case "NotIn" -> r.getKey() + " notin (" + values + ")";
                case "Exists" -> r.getKey();
                case "DoesNotExist" -> "!" + r.getKey();
                default -> r.getKey() + " " + r.getOperator() + " (" + values + ")";
            };
            byKey.computeIfAbsent(r.getKey(), k -> new ArrayList<>()).add(text);
        }
        List<String> parts = new ArrayList<>();
        byKey.values().forEach(parts::addAll);
        return String.join(",", parts);
    }

    /** {@code labels.FormatLabels}: {@code k=v,k2=v2} sorted, or {@code <none>}. */
    public static String formatLabels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static <K, V> Map<K, V> nonNull(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }
}
