package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Map- and list-valued fields printed one entry per line, later entries on continuation lines
 * aligned under the first, {@code <none>} when empty: labels, annotations (long or multi-line ones
 * folded), taints and tolerations.
 */
final class Multiline {
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final int MAX_ANNOTATION_LEN = 140;

    private Multiline() {
    }

    static void labels(PrefixWriter w, String title, Map<String, String> labels) {
        labels(w, "", title, labels);
    }

    static void labels(PrefixWriter w, String initialIndent, String title, Map<String, String> labels) {
        w.write(PrefixWriter.LEVEL_0, "%s%s:%s", initialIndent, title, "\t");
        if (labels.isEmpty()) {
            w.writeLine("<none>");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (!first) {
                w.write(PrefixWriter.LEVEL_0, "%s", initialIndent);
                w.write(PrefixWriter.LEVEL_0, "%s", "\t");
            }
            w.write(PrefixWriter.LEVEL_0, "%s=%s\n", e.getKey(), e.getValue());
            first = false;
        }
    }

    static void annotations(PrefixWriter w, String title, Map<String, String> annotations) {
        w.write(PrefixWriter.LEVEL_0, "%s:\t", title);
        TreeMap<String, String> sorted = new TreeMap<>(annotations);
        sorted.remove(LAST_APPLIED);
        if (sorted.isEmpty()) {
            w.writeLine("<none>");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (!first) {
                w.write(PrefixWriter.LEVEL_0, "\t");
            }
            first = false;
            String value = e.getValue().endsWith("\n") ? e.getValue().substring(0, e.getValue().length() - 1) : e.getValue();
            // Go measures these lengths in bytes.
            int len = utf8Length(value) + utf8Length(e.getKey()) + 2;
            if (len > MAX_ANNOTATION_LEN || value.contains("\n")) {
                w.write(PrefixWriter.LEVEL_0, "%s:\n", e.getKey());
                for (String line : value.split("\n", -1)) {
                    w.write(PrefixWriter.LEVEL_0, "%s  %s\n", "\t", shorten(line, MAX_ANNOTATION_LEN - 2));
                }
            } else {
                w.write(PrefixWriter.LEVEL_0, "%s: %s\n", e.getKey(), value);
            }
        }
    }

    static void taints(PrefixWriter w, String title, List<JsonNode> taints) {
        w.write(PrefixWriter.LEVEL_0, "%s:\t", title);
        if (taints.isEmpty()) {
            w.writeLine("<none>");
            return;
        }
        List<JsonNode> sorted = new ArrayList<>(taints);
        sorted.sort(Comparator.comparing(t -> Tree.str(t, "effect") + "," + Tree.str(t, "key")));
        boolean first = true;
        for (JsonNode t : sorted) {
            if (!first) {
                w.write(PrefixWriter.LEVEL_0, "\t");
            }
            first = false;
            w.write(PrefixWriter.LEVEL_0, "%s\n", taint(t));
        }
    }

    static String taint(JsonNode t) {
        String key = Tree.str(t, "key");
        String value = Tree.str(t, "value");
        String effect = Tree.str(t, "effect");
        if (effect.isEmpty()) {
            return value.isEmpty() ? key : key + "=" + value + ":";
        }
        return value.isEmpty() ? key + ":" + effect : key + "=" + value + ":" + effect;
    }

    static void tolerations(PrefixWriter w, String title, List<JsonNode> tolerations) {
        w.write(PrefixWriter.LEVEL_0, "%s:\t", title);
        if (tolerations.isEmpty()) {
            w.writeLine("<none>");
            return;
        }
        List<JsonNode> sorted = new ArrayList<>(tolerations);
        sorted.sort(Comparator.comparing(t -> Tree.str(t, "key")));
        boolean first = true;
        for (JsonNode t : sorted) {
            if (!first) {
                w.write(PrefixWriter.LEVEL_0, "\t");
            }
            first = false;
            String key = Tree.str(t, "key");
            String value = Tree.str(t, "value");
            String effect = Tree.str(t, "effect");
            StringBuilder s = new StringBuilder(key);
            if (!value.isEmpty()) {
                s.append('=').append(value);
            }
            if (!effect.isEmpty()) {
                s.append(':').append(effect);
            }
            if ("Exists".equals(Tree.str(t, "operator")) && value.isEmpty()) {
                s.append(!key.isEmpty() || !effect.isEmpty() ? " op=Exists" : "op=Exists");
            }
            if (Tree.has(t, "tolerationSeconds")) {
                s.append(" for ").append(Tree.num(t, "tolerationSeconds")).append('s');
            }
            w.write(PrefixWriter.LEVEL_0, "%s\n", s);
        }
    }

    /** {@code labels.FormatLabels}: sorted {@code k=v} joined by commas, {@code <none>} when empty. */
    static String formatLabels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "<none>";
        }
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(e.getKey()).append('=').append(e.getValue());
        }
        return s.toString();
    }

    private static String shorten(String s, int max) {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= max) {
            return s;
        }
        return new String(bytes, 0, max, java.nio.charset.StandardCharsets.UTF_8) + "...";
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
