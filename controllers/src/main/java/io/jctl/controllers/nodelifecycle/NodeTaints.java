package io.jctl.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The unreachable taints Kubernetes puts on a silent node, and how pods tolerate them. */
final class NodeTaints {
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String NO_EXECUTE = "NoExecute";
    static final String NO_SCHEDULE = "NoSchedule";

    private NodeTaints() {
    }

    static List<Taint> taints(Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    static Optional<Taint> unreachableNoExecute(Node node) {
        return taints(node).stream().filter(t -> UNREACHABLE.equals(t.getKey()) && NO_EXECUTE.equals(t.getEffect()))
                .findFirst();
    }

    static boolean hasBoth(Node node) {
        return unreachableNoExecute(node).isPresent()
                && taints(node).stream().anyMatch(t -> UNREACHABLE.equals(t.getKey()) && NO_SCHEDULE.equals(t.getEffect()));
    }

    static boolean hasAny(Node node) {
        return taints(node).stream().anyMatch(t -> UNREACHABLE.equals(t.getKey()));
    }

    /** The node's taints with both unreachable taints present (existing ones kept as they are). */
    static List<Taint> withUnreachable(Node node, Instant now) {
        List<Taint> out = new ArrayList<>(taints(node));
        if (out.stream().noneMatch(t -> UNREACHABLE.equals(t.getKey()) && NO_SCHEDULE.equals(t.getEffect()))) {
            out.add(new TaintBuilder().withKey(UNREACHABLE).withEffect(NO_SCHEDULE).build());
        }
        if (out.stream().noneMatch(t -> UNREACHABLE.equals(t.getKey()) && NO_EXECUTE.equals(t.getEffect()))) {
            out.add(new TaintBuilder().withKey(UNREACHABLE).withEffect(NO_EXECUTE).withTimeAdded(now.toString()).build());
        }
        return out;
    }

    static List<Taint> withoutUnreachable(Node node) {
        return taints(node).stream().filter(t -> !UNREACHABLE.equals(t.getKey())).toList();
    }

    /**
     * How long the pod may stay on an unreachable node: its own {@code tolerationSeconds} for the
     * unreachable NoExecute taint if it has one, forever if it tolerates it without a limit,
     * else {@code defaultTimeout}. Empty means never evict.
     */
    static Optional<Duration> evictionTimeout(Pod pod, Duration defaultTimeout) {
        List<Toleration> tolerations = pod.getSpec() == null || pod.getSpec().getTolerations() == null ? List.of()
                : pod.getSpec().getTolerations();
        for (Toleration t : tolerations) {
            boolean keyMatches = t.getKey() == null || t.getKey().isEmpty()
                    ? "Exists".equals(t.getOperator()) : UNREACHABLE.equals(t.getKey());
            boolean effectMatches = t.getEffect() == null || t.getEffect().isEmpty() || NO_EXECUTE.equals(t.getEffect());
            if (keyMatches && effectMatches) {
                return t.getTolerationSeconds() == null ? Optional.empty()
                        : Optional.of(Duration.ofSeconds(Math.max(0, t.getTolerationSeconds())));
            }
        }
        return Optional.of(defaultTimeout);
    }
}
