package io.jctl.scheduler.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * No node fits the pod. Its message is kube-scheduler's: {@code 0/5 nodes are available: 2
 * node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 3 Insufficient cpu.}, each
 * reason prefixed with the number of nodes it came from and the entries sorted as strings (Go's
 * {@code sort.Strings}), as kube-scheduler sorts its histogram.
 */
public final class FitError extends Exception {
    public static final String NO_NODES = "no nodes available to schedule pods";

    private final int numAllNodes;
    private final Map<String, Integer> reasons;

    public FitError(int numAllNodes, Map<String, Integer> reasons) {
        super(message(numAllNodes, reasons), null, false, false);
        this.numAllNodes = numAllNodes;
        this.reasons = Map.copyOf(reasons);
    }

    public int numAllNodes() {
        return numAllNodes;
    }

    /** How many nodes failed with each reason. */
    public Map<String, Integer> reasons() {
        return reasons;
    }

    static String message(int numAllNodes, Map<String, Integer> reasons) {
        if (numAllNodes == 0) {
            return NO_NODES;
        }
        List<String> parts = new ArrayList<>(reasons.size());
        reasons.forEach((reason, count) -> parts.add(count + " " + reason));
        Collections.sort(parts);
        StringBuilder m = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
        if (!parts.isEmpty()) {
            m.append(' ').append(String.join(", ", parts)).append('.');
        }
        return m.toString();
    }
}
