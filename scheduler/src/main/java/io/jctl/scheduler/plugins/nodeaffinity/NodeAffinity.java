package io.jctl.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.jctl.scheduler.framework.FilterPlugin;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import io.jctl.scheduler.framework.ScorePlugin;
import io.jctl.scheduler.framework.Status;

import java.util.List;
import java.util.Map;

/**
 * Filter: {@code spec.nodeSelector} and {@code requiredDuringSchedulingIgnoredDuringExecution}
 * node affinity. Score: the summed weights of the matching
 * {@code preferredDuringSchedulingIgnoredDuringExecution} terms, scaled so the best node gets 100.
 */
public final class NodeAffinity implements FilterPlugin, ScorePlugin {
    public static final String NAME = "NodeAffinity";
    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";
    private static final Status MISMATCH = Status.unschedulable(REASON);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean skipFilter(PodInfo pod) {
        return !pod.hasRequiredNodeConstraints();
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        if (!pod.hasRequiredNodeConstraints()) {
            return Status.SUCCESS;
        }
        Map<String, String> selector = pod.spec().getNodeSelector();
        NodeSelector required = required(pod.spec().getAffinity());
        if ((selector == null || selector.isEmpty()) && required == null) {
            return Status.SUCCESS;
        }
        Map<String, String> labels = node.labels();
        if (selector != null) {
            for (Map.Entry<String, String> e : selector.entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return MISMATCH;
                }
            }
        }
        if (required != null && !NodeSelectorTerms.anyMatches(required.getNodeSelectorTerms(), labels, node.name())) {
            return MISMATCH;
        }
        return Status.SUCCESS;
    }

    @Override
    public boolean skipScore(PodInfo pod) {
        return preferred(pod.spec().getAffinity()).isEmpty();
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        long sum = 0;
        for (PreferredSchedulingTerm t : preferred(pod.spec().getAffinity())) {
            if (t.getWeight() != null && t.getWeight() != 0
                    && NodeSelectorTerms.matches(t.getPreference(), node.labels(), node.name())) {
                sum += t.getWeight();
            }
        }
        return sum;
    }

    @Override
    public void normalize(PodInfo pod, long[] scores) {
        ScorePlugin.defaultNormalize(scores, false);
    }

    private static NodeSelector required(Affinity a) {
        return a == null || a.getNodeAffinity() == null ? null
                : a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    }

    private static List<PreferredSchedulingTerm> preferred(Affinity a) {
        List<PreferredSchedulingTerm> p = a == null || a.getNodeAffinity() == null ? null
                : a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        return p == null ? List.of() : p;
    }
}
