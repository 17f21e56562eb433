package io.jctl.scheduler.plugins.selectorspread;

import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import io.jctl.scheduler.framework.ScorePlugin;

/**
 * Score: spread the pods of one controller (a ReplicaSet, say) across nodes. A node with fewer
 * pods of the same controlling owner scores higher, as kube-scheduler's SelectorSpread scores per
 * node: {@code 100 * (max - count) / max}. Pods without a controller are not spread.
 */
public final class SelectorSpread implements ScorePlugin {
    public static final String NAME = "SelectorSpread";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean skipScore(PodInfo pod) {
        return pod.ownerUid() == null;
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        return node.podsOwnedBy(pod.ownerUid());
    }

    @Override
    public void normalize(PodInfo pod, long[] scores) {
        ScorePlugin.defaultNormalize(scores, true);
    }
}
