package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a pod asks of its node, as kubectl's {@code PodRequestsAndLimits} adds it up: app and
 * restartable init (sidecar) containers sum, other init containers count by their maximum, and
 * the pod overhead is added on top. Also the pod's QoS class when its status lacks one.
 */
final class PodResources {
    private static final Set<String> QOS_RESOURCES = Set.of("cpu", "memory");

    private PodResources() {
    }

    static Map<String, Quantity> requests(JsonNode pod) {
        return total(pod, "requests");
    }

    static Map<String, Quantity> limits(JsonNode pod) {
        return total(pod, "limits");
    }

    private static Map<String, Quantity> total(JsonNode pod, String which) {
        Map<String, Quantity> sum = new LinkedHashMap<>();
        for (JsonNode c : Tree.list(pod, "spec", "containers")) {
            add(sum, quantities(c, which));
        }
        Map<String, Quantity> sidecars = new LinkedHashMap<>();
        Map<String, Quantity> initMax = new LinkedHashMap<>();
        for (JsonNode c : Tree.list(pod, "spec", "initContainers")) {
            Map<String, Quantity> own = quantities(c, which);
            Map<String, Quantity> effective;
            if ("Always".equals(Tree.str(c, "restartPolicy"))) {
                add(sum, own);
                add(sidecars, own);
                effective = sidecars;
            } else {
                effective = new LinkedHashMap<>();
                add(effective, own);
                add(effective, sidecars);
            }
            max(initMax, effective);
        }
        max(sum, initMax);
        Map<String, Quantity> overhead = new LinkedHashMap<>();
        Tree.map(pod, "spec", "overhead").forEach((k, v) -> overhead.put(k, Quantity.parse(v)));
        add(sum, overhead);
        return sum;
    }

    private static Map<String, Quantity> quantities(JsonNode container, String which) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        Tree.map(container, "resources", which).forEach((k, v) -> out.put(k, Quantity.parse(v)));
        return out;
    }

    private static void add(Map<String, Quantity> into, Map<String, Quantity> more) {
        more.forEach((k, v) -> into.merge(k, v, Quantity::add));
    }

    private static void max(Map<String, Quantity> into, Map<String, Quantity> other) {
        other.forEach((k, v) -> {
            Quantity current = into.get(k);
            if (current == null || v.compareTo(current) > 0) {
                into.put(k, v);
            }
        });
    }

    /** {@code qos.GetPodQOS}: the status's class, else computed from cpu and memory requests and limits. */
    static String qosClass(JsonNode pod) {
        String fromStatus = Tree.str(pod, "status", "qosClass");
        if (!fromStatus.isEmpty()) {
            return fromStatus;
        }
        Map<String, Quantity> requests = new HashMap<>();
        Map<String, Quantity> limits = new HashMap<>();
        boolean guaranteed = true;
        List<JsonNode> all = Tree.list(pod, "spec", "containers");
        all.addAll(Tree.list(pod, "spec", "initContainers"));
        for (JsonNode c : all) {
            quantities(c, "requests").forEach((k, v) -> {
                if (QOS_RESOURCES.contains(k) && v.compareTo(Quantity.ZERO) > 0) {
                    requests.merge(k, v, Quantity::add);
                }
            });
            Set<String> found = new java.util.HashSet<>();
            quantities(c, "limits").forEach((k, v) -> {
                if (QOS_RESOURCES.contains(k) && v.compareTo(Quantity.ZERO) > 0) {
                    found.add(k);
                    limits.merge(k, v, Quantity::add);
                }
            });
            if (!found.containsAll(QOS_RESOURCES)) {
                guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        if (guaranteed) {
            for (Map.Entry<String, Quantity> e : requests.entrySet()) {
                Quantity lim = limits.get(e.getKey());
                if (lim == null || lim.compareTo(e.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
    }
}
