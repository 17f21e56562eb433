package io.jctl.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;

import java.util.List;
import java.util.Map;

/** Matches node selector terms against a node's labels and name, as Kubernetes' {@code nodeaffinity} helpers. */
public final class NodeSelectorTerms {
    private NodeSelectorTerms() {
    }

    /** Terms are ORed; an empty list matches nothing. */
    public static boolean anyMatches(List<NodeSelectorTerm> terms, Map<String, String> labels, String nodeName) {
        if (terms == null) {
            return false;
        }
        for (NodeSelectorTerm t : terms) {
            if (matches(t, labels, nodeName)) {
                return true;
            }
        }
        return false;
    }

    /** Requirements within a term are ANDed; a term without any requirement matches nothing. */
    public static boolean matches(NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
        if (term == null) {
            return false;
        }
        List<NodeSelectorRequirement> exprs = term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields();
        boolean noExprs = exprs == null || exprs.isEmpty();
        boolean noFields = fields == null || fields.isEmpty();
        if (noExprs && noFields) {
            return false;
        }
        if (!noExprs) {
            for (NodeSelectorRequirement r : exprs) {
                if (!matches(r, labels.get(r.getKey()), labels.containsKey(r.getKey()))) {
                    return false;
                }
            }
        }
        if (!noFields) {
            for (NodeSelectorRequirement r : fields) {
                // metadata.name is the only field Kubernetes supports here.
                if (!"metadata.name".equals(r.getKey()) || !matches(r, nodeName, true)) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean matches(NodeSelectorRequirement r, String value, boolean present) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        String op = r.getOperator() == null ? "" : r.getOperator();
        switch (op) {
            case "In":
                return present && values.contains(value);
            case "NotIn":
                return !present || !values.contains(value);
            case "Exists":
                return present;
            case "DoesNotExist":
                return !present;
            case "Gt":
            case "Lt":
                if (!present || values.size() != 1) {
                    return false;
                }
                try {
                    long have = Long.parseLong(value);
                    long want = Long.parseLong(values.get(0));
                    return op.equals("Gt") ? have > want : have < want;
                } catch (NumberFormatException e) {
                    return false;
                }
            default:
                return false;
        }
    }
}
