package io.jctl.e2e.rollout;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;

/**
 * A rolling update's bounds as the Deployment documents them (computed here, not taken from the
 * controllers, so that a wrong controller cannot agree with itself): maxSurge rounded up,
 * maxUnavailable rounded down, both 25% when unset, and maxUnavailable 1 when both come out 0.
 */
record Fenceposts(int replicas, int maxSurge, int maxUnavailable) {

    static Fenceposts of(Deployment d) {
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        RollingUpdateDeployment ru = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
        int surge = scaled(ru == null ? null : ru.getMaxSurge(), replicas, true);
        int unavailable = scaled(ru == null ? null : ru.getMaxUnavailable(), replicas, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Fenceposts(replicas, surge, unavailable);
    }

    /** The fewest available Pods a user may see during the rollout. */
    int minAvailable() {
        return replicas - maxUnavailable;
    }

    /** The most Pods (not terminating) the rollout may run at once. */
    int maxPods() {
        return replicas + maxSurge;
    }

    private static int scaled(IntOrString value, int replicas, boolean roundUp) {
        if (value == null) {
            value = new IntOrString("25%");
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s.endsWith("%")) {
            int percent = Integer.parseInt(s.substring(0, s.length() - 1));
            return roundUp ? (percent * replicas + 99) / 100 : percent * replicas / 100;
        }
        return Integer.parseInt(s);
    }
}
