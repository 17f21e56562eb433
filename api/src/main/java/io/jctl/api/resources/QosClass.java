package io.jctl.api.resources;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's quality-of-service class as Kubernetes computes it ({@code qos.ComputePodQOS}) from the
 * cpu and memory of its app and init containers. A limit without a request counts as that
 * request, so the class is the same whether or not defaulting has run yet. The api-server sets it
 * on create; the node agent computes it for status writes of pods that lack it.
 */
public final class QosClass {
    public static final String GUARANTEED = "Guaranteed";
    public static final String BURSTABLE = "Burstable";
    public static final String BEST_EFFORT = "BestEffort";

    private static final Set<String> COMPUTE = Set.of("cpu", "memory");

    private QosClass() {
    }

    public static String of(PodSpec spec) {
        if (spec == null) {
            return BEST_EFFORT;
        }
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        List<Container> all = new ArrayList<>();
        if (spec.getContainers() != null) {
            all.addAll(spec.getContainers());
        }
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        for (Container c : all) {
            ResourceRequirements r = c.getResources();
            Map<String, Quantity> lim = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
            Map<String, Quantity> req = new HashMap<>(lim);
            if (r != null && r.getRequests() != null) {
                req.putAll(r.getRequests());
            }
            sumPositive(req, requests);
            Set<String> limitsFound = sumPositive(lim, limits);
            if (!limitsFound.containsAll(COMPUTE)) {
                guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return BEST_EFFORT;
        }
        if (guaranteed) {
            for (Map.Entry<String, BigDecimal> e : requests.entrySet()) {
                BigDecimal l = limits.get(e.getKey());
                if (l == null || l.compareTo(e.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? GUARANTEED : BURSTABLE;
    }

    private static Set<String> sumPositive(Map<String, Quantity> from, Map<String, BigDecimal> into) {
        Set<String> found = new HashSet<>();
        from.forEach((name, q) -> {
            if (!COMPUTE.contains(name) || q == null) {
                return;
            }
            BigDecimal v = Quantities.parse(q).orElse(BigDecimal.ZERO);
            if (v.signum() > 0) {
                found.add(name);
                into.merge(name, v, BigDecimal::add);
            }
        });
        return found;
    }
}
