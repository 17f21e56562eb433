package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A ReplicaSet's status from the active pods it controls, as {@code calculateStatus} in Kubernetes. */
final class ReplicaSetStatusCalculator {
    private ReplicaSetStatusCalculator() {
    }

    static ReplicaSetStatus calculate(ReplicaSet rs, List<Pod> owned, Instant now) {
        Map<String, String> templateLabels = rs.getSpec().getTemplate() == null
                || rs.getSpec().getTemplate().getMetadata() == null
                || rs.getSpec().getTemplate().getMetadata().getLabels() == null
                ? Map.of() : rs.getSpec().getTemplate().getMetadata().getLabels();
        int minReady = minReadySeconds(rs);
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod p : owned) {
            Map<String, String> labels = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
            if (labels.entrySet().containsAll(templateLabels.entrySet())) {
                fullyLabeled++;
            }
            if (PodReadiness.isReady(p)) {
                ready++;
                if (minReady <= 0 || PodReadiness.isAvailable(p, minReady, now)) {
                    available++;
                }
            }
        }
        ReplicaSetStatus s = new ReplicaSetStatus();
        if (rs.getStatus() != null) {
            s.setConditions(rs.getStatus().getConditions());
        }
        s.setReplicas(owned.size());
        s.setFullyLabeledReplicas(fullyLabeled);
        s.setReadyReplicas(ready);
        s.setAvailableReplicas(available);
        s.setObservedGeneration(rs.getMetadata().getGeneration());
        return s;
    }

    /** True when the counters a controller owns differ (absent counts as zero). */
    static boolean differs(ReplicaSetStatus current, ReplicaSetStatus next) {
        if (current == null) {
            return true;
        }
        return n(current.getReplicas()) != n(next.getReplicas())
                || n(current.getFullyLabeledReplicas()) != n(next.getFullyLabeledReplicas())
                || n(current.getReadyReplicas()) != n(next.getReadyReplicas())
                || n(current.getAvailableReplicas()) != n(next.getAvailableReplicas())
                || !Objects.equals(current.getObservedGeneration(), next.getObservedGeneration());
    }

    static int minReadySeconds(ReplicaSet rs) {
        Integer m = rs.getSpec().getMinReadySeconds();
        return m == null ? 0 : m;
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
