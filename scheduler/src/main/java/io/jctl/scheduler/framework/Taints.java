package io.jctl.scheduler.framework;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;

/** Toleration matching as in Kubernetes' {@code Toleration.ToleratesTaint}. */
public final class Taints {
    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String NO_EXECUTE = "NoExecute";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";

    public static final String NOT_READY = "node.kubernetes.io/not-ready";
    public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    public static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

    private Taints() {
    }

    public static boolean tolerates(Toleration t, String key, String value, String effect) {
        String te = nz(t.getEffect());
        if (!te.isEmpty() && !te.equals(effect)) {
            return false;
        }
        String tk = nz(t.getKey());
        if (!tk.isEmpty() && !tk.equals(key)) {
            return false;
        }
        String op = nz(t.getOperator());
        if (op.isEmpty() || op.equals("Equal")) {
            return nz(t.getValue()).equals(nz(value));
        }
        // Exists; an empty key with Exists tolerates everything.
        return op.equals("Exists");
    }

    public static boolean tolerated(List<Toleration> tolerations, String key, String value, String effect) {
        for (Toleration t : tolerations) {
            if (tolerates(t, key, value, effect)) {
                return true;
            }
        }
        return false;
    }

    public static boolean tolerated(List<Toleration> tolerations, Taint taint) {
        return tolerated(tolerations, taint.getKey(), taint.getValue(), taint.getEffect());
    }

    public static boolean tolerated(Toleration[] tolerations, Taint taint) {
        for (Toleration t : tolerations) {
            if (tolerates(t, taint.getKey(), taint.getValue(), taint.getEffect())) {
                return true;
            }
        }
        return false;
    }

    /** kube-scheduler's wording for a taint the pod does not tolerate. */
    public static String untoleratedReason(String key, String value) {
        return "node(s) had untolerated taint {" + nz(key) + ": " + nz(value) + "}";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
