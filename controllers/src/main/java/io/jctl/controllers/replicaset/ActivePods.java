package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order in which a ReplicaSet gives up pods when scaling down, as Kubernetes' {@code
 * controller.ActivePods}: the first pods are the cheapest to lose — unscheduled before scheduled,
 * Pending before Unknown before Running, not ready before ready, ready for less time before
 * longer, more restarts before fewer, newer before older.
 */
public final class ActivePods {
    private static final Map<String, Integer> PHASE_RANK = Map.of("Pending", 0, "Unknown", 1, "Running", 2);

    /** Cheapest to delete first. */
    public static final Comparator<Pod> DELETION_ORDER = Comparator
            .comparing((Pod p) -> assigned(p) ? 1 : 0)
            .thenComparing(p -> PHASE_RANK.getOrDefault(phase(p), 1))
            .thenComparing(p -> PodReadiness.isReady(p) ? 1 : 0)
            .thenComparing(ActivePods::readySince, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(ActivePods::restarts, Comparator.reverseOrder())
            .thenComparing(ActivePods::created, Comparator.nullsFirst(Comparator.reverseOrder()))
            .thenComparing(p -> p.getMetadata().getName());

    private ActivePods() {
    }

    /** The {@code count} pods to delete first. */
    public static List<Pod> toDelete(List<Pod> pods, int count) {
        return pods.stream().sorted(DELETION_ORDER).limit(Math.max(0, count)).toList();
    }

    private static boolean assigned(Pod p) {
        return p.getSpec() != null && p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty();
    }

    private static String phase(Pod p) {
        return p.getStatus() == null ? "Pending" : p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase();
    }

    /** Only compared between two ready pods; later readiness sorts first. */
    private static Instant readySince(Pod p) {
        return PodReadiness.isReady(p) ? PodReadiness.readySince(p) : null;
    }

    private static int restarts(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        int max = 0;
        for (ContainerStatus s : p.getStatus().getContainerStatuses()) {
            max = Math.max(max, s.getRestartCount() == null ? 0 : s.getRestartCount());
        }
        return max;
    }

    private static Instant created(Pod p) {
        String t = p.getMetadata().getCreationTimestamp();
        try {
            return t == null ? null : Instant.parse(t);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
