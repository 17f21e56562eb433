package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.ArrayList;
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
    public static final Comparator<Pod> DELETION_ORDER = Comparator.comparing(SortKey::of, SortKey.ORDER);

    private ActivePods() {
    }

    /**
     * The {@code count} pods to delete first. Each pod's sort key is computed once: a scale-down of
     * thousands of pods sorts them all, and the comparator above parses two timestamps per call.
     */
    public static List<Pod> toDelete(List<Pod> pods, int count) {
        List<SortKey> keys = new ArrayList<>(pods.size());
        for (Pod p : pods) {
            keys.add(SortKey.of(p));
        }
        keys.sort(SortKey.ORDER);
        List<Pod> out = new ArrayList<>(Math.min(Math.max(0, count), keys.size()));
        for (int i = 0; i < keys.size() && i < count; i++) {
            out.add(keys.get(i).pod());
        }
        return out;
    }

    /** What {@link #DELETION_ORDER} compares, read from the pod once. */
    private record SortKey(Pod pod, int assigned, int phaseRank, int ready, Instant readySince, int restarts,
                           Instant created, String name) {
        static final Comparator<SortKey> ORDER = Comparator
                .comparingInt(SortKey::assigned)
                .thenComparingInt(SortKey::phaseRank)
                .thenComparingInt(SortKey::ready)
                .thenComparing(SortKey::readySince, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(SortKey::restarts, Comparator.reverseOrder())
                .thenComparing(SortKey::created, Comparator.nullsFirst(Comparator.reverseOrder()))
                .thenComparing(SortKey::name);

        static SortKey of(Pod p) {
            boolean ready = PodReadiness.isReady(p);
            return new SortKey(p, ActivePods.assigned(p) ? 1 : 0, PHASE_RANK.getOrDefault(ActivePods.phase(p), 1), ready ? 1 : 0,
                    ready ? PodReadiness.readySince(p) : null, ActivePods.restarts(p), ActivePods.created(p),
                    p.getMetadata().getName());
        }
    }

    private static boolean assigned(Pod p) {
        return p.getSpec() != null && p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty();
    }

    private static String phase(Pod p) {
        return p.getStatus() == null ? "Pending" : p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase();
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
