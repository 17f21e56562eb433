package io.jctl.api.patch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where strategic merge patch merges instead of replacing: the {@code patchStrategy} and
 * {@code patchMergeKey} struct tags of Kubernetes' Go types, keyed by the dotted JSON path of the
 * field (list elements add no segment). A field not listed here is a map that merges or a list
 * that is replaced, as for a tagless Go field. Adding a field is one line in {@link #RULES}.
 */
public final class PatchSchema {
    /** How one field is patched. {@code mergeKey} is null for maps and for lists of scalars. */
    public record FieldStrategy(boolean merge, String mergeKey, boolean retainKeys) {
        public static final FieldStrategy DEFAULT = new FieldStrategy(false, null, false);
    }

    private record Rule(String kind, String pattern, FieldStrategy strategy) {
    }

    private static final String ANY_KIND = "*";

    // {pod} = every place the kind holds a PodSpec, {container} = each container list in it,
    // {meta} = every ObjectMeta (the object's own and its pod template's).
    private static final List<Rule> RULES = List.of(
            rule(ANY_KIND, "{meta}.finalizers", mergeSet()),
            rule(ANY_KIND, "{meta}.ownerReferences", mergeBy("uid")),
            rule(ANY_KIND, "status.conditions", mergeBy("type")),
            rule(ANY_KIND, "{pod}.containers", mergeBy("name")),
            rule(ANY_KIND, "{pod}.initContainers", mergeBy("name")),
            rule(ANY_KIND, "{pod}.ephemeralContainers", mergeBy("name")),
            rule(ANY_KIND, "{pod}.volumes", new FieldStrategy(true, "name", true)),
            rule(ANY_KIND, "{pod}.imagePullSecrets", mergeBy("name")),
            rule(ANY_KIND, "{pod}.hostAliases", mergeBy("ip")),
            rule(ANY_KIND, "{pod}.topologySpreadConstraints", mergeBy("topologyKey")),
            rule(ANY_KIND, "{pod}.schedulingGates", mergeBy("name")),
            rule(ANY_KIND, "{pod}.resourceClaims", new FieldStrategy(true, "name", true)),
            rule(ANY_KIND, "{container}.env", mergeBy("name")),
            rule(ANY_KIND, "{container}.ports", mergeBy("containerPort")),
            rule(ANY_KIND, "{container}.volumeMounts", mergeBy("mountPath")),
            rule(ANY_KIND, "{container}.volumeDevices", mergeBy("devicePath")),
            rule("Pod", "status.podIPs", mergeBy("ip")),
            rule("Pod", "status.hostIPs", mergeBy("ip")),
            rule("Service", "spec.ports", mergeBy("port")),
            rule("Node", "status.addresses", mergeBy("type")),
            rule("Node", "spec.podCIDRs", mergeSet()),
            rule("Deployment", "spec.strategy", retainKeys()));

    /** Where each kind keeps a PodSpec. */
    private static final Map<String, List<String>> POD_SPEC_PATHS = Map.of(
            "Pod", List.of("spec"),
            "PodTemplate", List.of("template.spec"),
            "Deployment", List.of("spec.template.spec"),
            "ReplicaSet", List.of("spec.template.spec"),
            "ReplicationController", List.of("spec.template.spec"),
            "StatefulSet", List.of("spec.template.spec"),
            "DaemonSet", List.of("spec.template.spec"),
            "Job", List.of("spec.template.spec"),
            "CronJob", List.of("spec.jobTemplate.spec.template.spec"));

    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    private static final Map<String, PatchSchema> BY_KIND = new ConcurrentHashMap<>();

    private final Map<String, FieldStrategy> fields;

    private PatchSchema(Map<String, FieldStrategy> fields) {
        this.fields = Map.copyOf(fields);
    }

    /** The schema for a kind; a kind without a PodSpec gets only the rules that hold for every kind. */
    public static PatchSchema forKind(String kind) {
        // Kinds the rules do not name share one schema, so the cache stays as small as the rules.
        String k = kind != null && (POD_SPEC_PATHS.containsKey(kind) || RULES.stream().anyMatch(r -> r.kind.equals(kind)))
                ? kind : ANY_KIND;
        return BY_KIND.computeIfAbsent(k, PatchSchema::build);
    }

    /** The strategy of the field at a dotted path such as {@code spec.template.spec.containers}. */
    public FieldStrategy lookup(String path) {
        return fields.getOrDefault(path, FieldStrategy.DEFAULT);
    }

    private static PatchSchema build(String kind) {
        List<String> podSpecs = POD_SPEC_PATHS.getOrDefault(kind, List.of());
        Set<String> metas = new LinkedHashSet<>();
        metas.add("metadata");
        for (String pod : podSpecs) {
            metas.add(pod.substring(0, pod.length() - "spec".length()) + "metadata");
        }
        Map<String, FieldStrategy> fields = new HashMap<>();
        for (Rule rule : RULES) {
            if (!rule.kind.equals(ANY_KIND) && !rule.kind.equals(kind)) {
                continue;
            }
            for (String path : expand(rule.pattern, podSpecs, metas)) {
                fields.put(path, rule.strategy);
            }
        }
        return new PatchSchema(fields);
    }

    private static List<String> expand(String pattern, List<String> podSpecs, Set<String> metas) {
        List<String> out = new ArrayList<>();
        if (pattern.startsWith("{meta}")) {
            for (String meta : metas) {
                out.add(meta + pattern.substring("{meta}".length()));
            }
        } else if (pattern.startsWith("{pod}")) {
            for (String pod : podSpecs) {
                out.add(pod + pattern.substring("{pod}".length()));
            }
        } else if (pattern.startsWith("{container}")) {
            for (String pod : podSpecs) {
                for (String list : CONTAINER_LISTS) {
                    out.add(pod + "." + list + pattern.substring("{container}".length()));
                }
            }
        } else {
            out.add(pattern);
        }
        return out;
    }

    private static Rule rule(String kind, String pattern, FieldStrategy strategy) {
        return new Rule(kind, pattern, strategy);
    }

    private static FieldStrategy mergeBy(String key) {
        return new FieldStrategy(true, key, false);
    }

    /** A list of scalars merged as a set ({@code patchStrategy:"merge"} without a key). */
    private static FieldStrategy mergeSet() {
        return new FieldStrategy(true, null, false);
    }

    /** A struct whose absent fields are cleared when {@code $retainKeys} says so. */
    private static FieldStrategy retainKeys() {
        return new FieldStrategy(false, null, true);
    }
}
