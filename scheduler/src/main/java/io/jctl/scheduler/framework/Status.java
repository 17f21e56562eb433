package io.jctl.scheduler.framework;

import java.util.List;

/**
 * The outcome of a filter: success, or the reasons the node does not fit, worded as
 * kube-scheduler words them (they end up in the pod's "0/5 nodes are available: ..." message).
 */
public final class Status {
    public static final Status SUCCESS = new Status(List.of());

    private final List<String> reasons;

    private Status(List<String> reasons) {
        this.reasons = reasons;
    }

    public static Status unschedulable(String reason) {
        return new Status(List.of(reason));
    }

    public static Status unschedulable(List<String> reasons) {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("an unschedulable status needs a reason");
        }
        return new Status(List.copyOf(reasons));
    }

    public boolean isSuccess() {
        return reasons.isEmpty();
    }

    public List<String> reasons() {
        return reasons;
    }

    @Override
    public String toString() {
        return isSuccess() ? "Success" : "Unschedulable" + reasons;
    }
}
