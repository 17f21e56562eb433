package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Pod readiness and availability as Kubernetes' {@code podutil.IsPodReady} and {@code IsPodAvailable}. */
public final class PodReadiness {
    private PodReadiness() {
    }

    /** Not finished and not being deleted: counts toward a ReplicaSet's replicas. */
    public static boolean isActive(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    public static boolean isReady(Pod pod) {
        PodCondition c = readyConditionOrNull(pod);
        return c != null && "True".equals(c.getStatus());
    }

    /** Ready for at least {@code minReadySeconds} at {@code now}. */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        return availableIn(pod, minReadySeconds, now).map(Duration::isZero).orElse(false);
    }

    /**
     * For a ready pod, how long until it becomes available (zero if it is); empty if not ready.
     * The wait is what a controller honouring {@code minReadySeconds} requeues after.
     */
    public static Optional<Duration> availableIn(Pod pod, int minReadySeconds, Instant now) {
        PodCondition ready = readyConditionOrNull(pod);
        if (ready == null || !"True".equals(ready.getStatus())) {
            return Optional.empty();
        }
        if (minReadySeconds <= 0) {
            return Optional.of(Duration.ZERO);
        }
        Instant since = readySince(ready);
        if (since == null) {
            return Optional.of(Duration.ZERO);
        }
        Duration left = Duration.between(now, since.plusSeconds(minReadySeconds));
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    /** When the pod last became ready, or null if unknown. */
    public static Instant readySince(Pod pod) {
        return readyCondition(pod).filter(c -> "True".equals(c.getStatus())).map(PodReadiness::readySince).orElse(null);
    }

    private static Instant readySince(PodCondition c) {
        String t = c.getLastTransitionTime();
        if (t == null || t.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Optional<PodCondition> readyCondition(Pod pod) {
        return Optional.ofNullable(readyConditionOrNull(pod));
    }

    // A loop, not a stream: ReplicaSet reconciles ask this for each of thousands of pods.
    private static PodCondition readyConditionOrNull(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return c;
            }
        }
        return null;
    }
}
