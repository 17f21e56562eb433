package io.jctl.cli.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;
import io.jctl.cli.describe.PodTemplateText;
import io.jctl.cli.text.TabWriter;

import java.util.Map;
import java.util.TreeMap;

/**
 * kubectl's {@code DeploymentHistoryViewer.ViewHistory}: one pod template per revision, taken
 * from the Deployment's ReplicaSets, with each ReplicaSet's change-cause copied into its template.
 */
public final class DeploymentHistory {
    private final TreeMap<Long, ObjectNode> templates = new TreeMap<>();

    private DeploymentHistory() {
    }

    /** {@code ownedReplicaSets}: the ReplicaSets the Deployment controls (see {@link Revisions#controlledBy}). */
    public static DeploymentHistory of(Iterable<? extends JsonNode> ownedReplicaSets) {
        DeploymentHistory h = new DeploymentHistory();
        for (JsonNode rs : ownedReplicaSets) {
            Long v = Revisions.orNull(rs);
            if (v == null) {
                continue;
            }
            ObjectNode template = rs.path("spec").path("template").isObject()
                    ? ((ObjectNode) rs.path("spec").path("template")).deepCopy() : io.jctl.cli.CliJson.object();
            String cause = rs.path("metadata").path("annotations").path(Revisions.CHANGE_CAUSE).asText("");
            if (!cause.isEmpty()) {
                template.withObject("/metadata/annotations").put(Revisions.CHANGE_CAUSE, cause);
            }
            h.templates.put(v, template);
        }
        return h;
    }

    public Map<Long, ObjectNode> templates() {
        return templates;
    }

    /** What {@code ViewHistory} returns: the REVISION/CHANGE-CAUSE table, or with {@code revision > 0} that template. */
    public String view(long revision) {
        if (templates.isEmpty()) {
            return "No rollout history found.";
        }
        if (revision > 0) {
            ObjectNode t = templates.get(revision);
            if (t == null) {
                throw new CliException("error: unable to find the specified revision");
            }
            return PodTemplateText.of(t);
        }
        StringBuilder sb = new StringBuilder();
        TabWriter w = TabWriter.forDescribe(sb);
        w.write("REVISION\tCHANGE-CAUSE\n");
        templates.forEach((r, t) -> {
            String cause = t.path("metadata").path("annotations").path(Revisions.CHANGE_CAUSE).asText("");
            w.write(r + "\t" + (cause.isEmpty() ? "<none>" : cause) + "\n");
        });
        w.flush();
        return sb.toString();
    }
}
