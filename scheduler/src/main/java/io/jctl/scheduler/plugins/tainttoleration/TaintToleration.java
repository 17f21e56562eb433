package io.jctl.scheduler.plugins.tainttoleration;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.jctl.scheduler.framework.FilterPlugin;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import io.jctl.scheduler.framework.ScorePlugin;
import io.jctl.scheduler.framework.Status;
import io.jctl.scheduler.framework.Taints;


/**
 * Filter: every NoSchedule and NoExecute taint of the node must be tolerated. Score: fewer
 * untolerated PreferNoSchedule taints is better (normalized in reverse, as kube-scheduler does).
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin {
    public static final String NAME = "TaintToleration";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        Taint[] taints = node.taintArray();
        if (taints.length == 0) {
            return Status.SUCCESS;
        }
        Toleration[] tolerations = pod.tolerationArray();
        for (Taint t : taints) {
            String effect = t.getEffect();
            if ((Taints.NO_SCHEDULE.equals(effect) || Taints.NO_EXECUTE.equals(effect)) && !Taints.tolerated(tolerations, t)) {
                return Status.unschedulable(Taints.untoleratedReason(t.getKey(), t.getValue()));
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        long count = 0;
        for (Taint t : node.taintArray()) {
            if (Taints.PREFER_NO_SCHEDULE.equals(t.getEffect()) && !preferTolerated(pod.tolerationArray(), t)) {
                count++;
            }
        }
        return count;
    }

    /** Only tolerations that speak of PreferNoSchedule (or of every effect) count for scoring. */
    private static boolean preferTolerated(Toleration[] tolerations, Taint t) {
        for (Toleration tol : tolerations) {
            String e = tol.getEffect();
            if ((e == null || e.isEmpty() || e.equals(Taints.PREFER_NO_SCHEDULE))
                    && Taints.tolerates(tol, t.getKey(), t.getValue(), t.getEffect())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void normalize(PodInfo pod, long[] scores) {
        ScorePlugin.defaultNormalize(scores, true);
    }
}
