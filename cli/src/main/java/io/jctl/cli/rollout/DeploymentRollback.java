package io.jctl.cli.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kubectl's {@code DeploymentRollbacker}: picks the ReplicaSet of the wanted revision (default:
 * the one before the newest) and builds the JSON patch that puts its template, and its
 * annotations, back on the Deployment. The controller then rolls out that template as a new revision.
 */
public final class DeploymentRollback {
    /** Annotations that stay the Deployment's own and are never copied back from a ReplicaSet. */
    static final Set<String> ANNOTATIONS_TO_SKIP = Set.of(
            "kubectl.kubernetes.io/last-applied-configuration",
            Revisions.REVISION,
            "deployment.kubernetes.io/revision-history",
            "deployment.kubernetes.io/desired-replicas",
            "deployment.kubernetes.io/max-replicas",
            "deprecated.deployment.rollback.to");

    /** What to do: send {@code patch} (a JSON patch), or nothing because the template already matches. */
    public record Plan(JsonNode replicaSet, ObjectNode template, String patch, String skipped) {
        public boolean skip() {
            return skipped != null;
        }
    }

    private DeploymentRollback() {
    }

    /** {@code ownedReplicaSets}: the ReplicaSets the Deployment controls. */
    public static Plan plan(JsonNode deployment, List<? extends JsonNode> ownedReplicaSets, long toRevision) {
        JsonNode rs = replicaSetFor(deployment, ownedReplicaSets, toRevision);
        ObjectNode template = ((ObjectNode) rs.path("spec").path("template")).deepCopy();
        removeHashLabel(template);
        if (equalIgnoringHash(rs.path("spec").path("template"), deployment.path("spec").path("template"))) {
            return new Plan(rs, template, null,
                    "skipped rollback (current template already matches revision " + toRevision + ")");
        }
        ObjectNode annotations = CliJson.object();
        JsonNode own = deployment.path("metadata").path("annotations");
        for (String k : ANNOTATIONS_TO_SKIP) {
            if (own.has(k)) {
                annotations.set(k, own.get(k));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = rs.path("metadata").path("annotations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ANNOTATIONS_TO_SKIP.contains(e.getKey())) {
                annotations.set(e.getKey(), e.getValue());
            }
        }
        ArrayNode patch = CliJson.mapper().createArrayNode();
        patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", template);
        patch.addObject().put("op", "replace").put("path", "/metadata/annotations").set("value", annotations);
        return new Plan(rs, template, CliJson.write(patch), null);
    }

    /** kubectl's {@code deploymentRevision}. */
    static JsonNode replicaSetFor(JsonNode deployment, List<? extends JsonNode> owned, long toRevision) {
        if (toRevision < 0) {
            throw notFound(toRevision);
        }
        JsonNode latest = null;
        long latestRevision = -1;
        JsonNode previous = null;
        long previousRevision = -1;
        for (JsonNode rs : owned) {
            Long v = Revisions.orNull(rs);
            if (v == null) {
                continue;
            }
            if (toRevision == 0) {
                if (latestRevision < v) {
                    previousRevision = latestRevision;
                    previous = latest;
                    latestRevision = v;
                    latest = rs;
                } else if (previousRevision < v) {
                    previousRevision = v;
                    previous = rs;
                }
            } else if (toRevision == v) {
                return rs;
            }
        }
        if (toRevision > 0) {
            throw notFound(toRevision);
        }
        if (previous == null) {
            throw new CliException("error: no rollout history found for deployment \""
                    + deployment.path("metadata").path("name").asText() + "\"");
        }
        return previous;
    }

    private static CliException notFound(long revision) {
        return new CliException("error: unable to find specified revision " + revision + " in history");
    }

    /**
     * kubectl's {@code equalIgnoreHash}: the templates without their pod-template-hash label are
     * semantically equal (Go's omitted, empty and null values compare equal).
     */
    static boolean equalIgnoringHash(JsonNode a, JsonNode b) {
        JsonNode x = a.deepCopy();
        JsonNode y = b.deepCopy();
        removeHashLabel(x);
        removeHashLabel(y);
        return normalized(x).equals(normalized(y));
    }

    private static void removeHashLabel(JsonNode template) {
        JsonNode labels = template.path("metadata").path("labels");
        if (labels instanceof ObjectNode o) {
            o.remove(Revisions.POD_TEMPLATE_HASH);
        }
    }

    /** Drops nulls and empty objects and arrays, bottom up; null when nothing is left. */
    private static JsonNode normalized(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isObject()) {
            ObjectNode o = CliJson.object();
            n.fields().forEachRemaining(e -> {
                JsonNode v = normalized(e.getValue());
                if (v != null) {
                    o.set(e.getKey(), v);
                }
            });
            return o.isEmpty() ? null : o;
        }
        if (n.isArray()) {
            ArrayNode a = CliJson.mapper().createArrayNode();
            for (JsonNode e : n) {
                JsonNode v = normalized(e);
                a.add(v == null ? CliJson.object() : v);
            }
            return a.isEmpty() ? null : a;
        }
        return n;
    }
}
