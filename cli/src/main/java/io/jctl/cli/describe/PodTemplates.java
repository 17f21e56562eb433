package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.jctl.cli.describe.PrefixWriter.LEVEL_0;
import static io.jctl.cli.describe.PrefixWriter.LEVEL_1;

/** The {@code Pod Template:} block of workload controllers (kubectl's {@code DescribePodTemplate}). */
final class PodTemplates {
    private PodTemplates() {
    }

    static void describe(JsonNode template, PrefixWriter w, DescribeContext ctx) {
        w.write(LEVEL_0, "Pod Template:\n");
        if (!Tree.has(template)) {
            w.write(LEVEL_1, "<unset>");
            return;
        }
        JsonNode spec = Tree.at(template, "spec");
        Multiline.labels(w, "  Labels", Tree.map(template, "metadata", "labels"));
        if (!Tree.map(template, "metadata", "annotations").isEmpty()) {
            Multiline.annotations(w, "  Annotations", Tree.map(template, "metadata", "annotations"));
        }
        if (!Tree.str(spec, "serviceAccountName").isEmpty()) {
            w.write(LEVEL_1, "Service Account:\t%s\n", Tree.str(spec, "serviceAccountName"));
        }
        if (!Tree.list(spec, "initContainers").isEmpty()) {
            Containers.describe("Init Containers", Tree.list(spec, "initContainers"), List.of(), null, w, "  ", ctx);
        }
        Containers.describe("Containers", Tree.list(spec, "containers"), List.of(), null, w, "  ", ctx);
        Volumes.describe(Tree.list(spec, "volumes"), w, "  ");
        topologySpreadConstraints(Tree.list(spec, "topologySpreadConstraints"), w, "  ");
        if (!Tree.str(spec, "priorityClassName").isEmpty()) {
            w.write(LEVEL_1, "Priority Class Name:\t%s\n", Tree.str(spec, "priorityClassName"));
        }
        Multiline.labels(w, "  Node-Selectors", Tree.map(spec, "nodeSelector"));
        Multiline.tolerations(w, "  Tolerations", Tree.list(spec, "tolerations"));
    }

    static void topologySpreadConstraints(List<JsonNode> constraints, PrefixWriter w, String space) {
        if (constraints.isEmpty()) {
            return;
        }
        List<JsonNode> sorted = new ArrayList<>(constraints);
        sorted.sort(Comparator.comparing(c -> Tree.str(c, "topologyKey")));
        w.write(LEVEL_0, "%sTopology Spread Constraints:\t", space);
        boolean first = true;
        for (JsonNode c : sorted) {
            if (!first) {
                w.write(LEVEL_0, "%s", space);
                w.write(LEVEL_0, "%s", "\t");
            }
            first = false;
            StringBuilder s = new StringBuilder();
            s.append(Tree.str(c, "topologyKey")).append(':').append(Tree.str(c, "whenUnsatisfiable"))
                    .append(" when max skew ").append(Tree.num(c, "maxSkew")).append(" is exceeded");
            if (Tree.has(c, "labelSelector")) {
                s.append(" for selector ").append(Selectors.format(Tree.at(c, "labelSelector")));
            }
            w.write(LEVEL_0, "%s\n", s);
        }
    }
}
