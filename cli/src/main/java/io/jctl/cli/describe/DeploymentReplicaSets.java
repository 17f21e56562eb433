package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A Deployment's ReplicaSets split into the new one and the old ones, as kubectl's
 * {@code deploymentutil.GetAllReplicaSets}: the ReplicaSets its selector matches and it controls;
 * the new one is the oldest whose pod template equals the Deployment's apart from the
 * {@code pod-template-hash} label. When none does (say, the server defaulted one template but not
 * the other), the one with the highest {@code deployment.kubernetes.io/revision} stands in.
 */
final class DeploymentReplicaSets {
    static final String HASH_LABEL = "pod-template-hash";
    static final String REVISION = "deployment.kubernetes.io/revision";

    final ObjectNode newReplicaSet;
    final List<ObjectNode> oldReplicaSets;

    private DeploymentReplicaSets(ObjectNode newReplicaSet, List<ObjectNode> oldReplicaSets) {
        this.newReplicaSet = newReplicaSet;
        this.oldReplicaSets = oldReplicaSets;
    }

    /** {@code null} when the ReplicaSets cannot be listed. */
    static DeploymentReplicaSets of(ObjectNode deployment, DescribeContext ctx) {
        JsonNode selector = Tree.at(deployment, "spec", "selector");
        String namespace = Tree.str(deployment, "metadata", "namespace");
        List<ObjectNode> listed = ctx.tryList("apps/v1", "ReplicaSet", namespace, Selectors.string(selector), null);
        if (listed == null) {
            return null;
        }
        String uid = Tree.str(deployment, "metadata", "uid");
        List<ObjectNode> owned = new ArrayList<>();
        for (ObjectNode rs : listed) {
            if (Selectors.matches(selector, Tree.map(rs, "metadata", "labels")) && Owners.isControlledBy(rs, uid)) {
                owned.add(rs);
            }
        }
        owned.sort(Comparator.comparing((ObjectNode rs) -> created(rs)).thenComparing(rs -> Tree.str(rs, "metadata", "name")));
        JsonNode template = withoutHash(Tree.at(deployment, "spec", "template"));
        ObjectNode newest = null;
        for (ObjectNode rs : owned) {
            if (Normalized.equal(withoutHash(Tree.at(rs, "spec", "template")), template)) {
                newest = rs;
                break;
            }
        }
        if (newest == null) {
            long best = 0;
            for (ObjectNode rs : owned) {
                long revision = revision(rs);
                if (revision > best) {
                    best = revision;
                    newest = rs;
                }
            }
        }
        List<ObjectNode> old = new ArrayList<>(owned);
        old.remove(newest);
        return new DeploymentReplicaSets(newest, old);
    }

    private static Instant created(JsonNode rs) {
        Instant t = Times.parse(Tree.str(rs, "metadata", "creationTimestamp"));
        return t == null ? Instant.MIN : t;
    }

    private static long revision(JsonNode rs) {
        try {
            return Long.parseLong(Tree.map(rs, "metadata", "annotations").getOrDefault(REVISION, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static JsonNode withoutHash(JsonNode template) {
        if (!template.isObject()) {
            return template;
        }
        ObjectNode copy = ((ObjectNode) template).deepCopy();
        JsonNode labels = copy.path("metadata").path("labels");
        if (labels.isObject()) {
            ((ObjectNode) labels).remove(HASH_LABEL);
        }
        return copy;
    }

    /** {@code name (current/desired replicas created)} joined by commas, {@code <none>} when empty. */
    static String summary(List<ObjectNode> replicaSets) {
        List<String> parts = new ArrayList<>();
        for (ObjectNode rs : replicaSets) {
            parts.add(String.format("%s (%d/%d replicas created)", Tree.str(rs, "metadata", "name"),
                    Tree.num(rs, "status", "replicas"), Tree.num(rs, "spec", "replicas")));
        }
        return parts.isEmpty() ? "<none>" : String.join(", ", parts);
    }
}
