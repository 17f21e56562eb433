package io.jctl.cli.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.cli.CliException;

import java.util.ArrayList;
import java.util.List;

/** The revision bookkeeping the Deployment controller keeps in annotations (deploymentutil). */
public final class Revisions {
    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    public static final String POD_TEMPLATE_HASH = "pod-template-hash";

    private Revisions() {
    }

    /** {@code deploymentutil.Revision}: the revision annotation, 0 when absent. */
    public static long of(JsonNode obj) {
        JsonNode v = obj.path("metadata").path("annotations").path(REVISION);
        if (!v.isTextual()) {
            return 0;
        }
        try {
            return Long.parseLong(v.asText());
        } catch (NumberFormatException e) {
            throw new CliException("error: cannot get the revision of " + obj.path("metadata").path("name").asText()
                    + ": strconv.ParseInt: parsing \"" + v.asText() + "\": invalid syntax");
        }
    }

    /** Like {@link #of} for history listings, which skip (rather than fail on) an unreadable annotation. */
    static Long orNull(JsonNode obj) {
        try {
            return of(obj);
        } catch (CliException e) {
            return null;
        }
    }

    /** The ReplicaSets among {@code replicaSets} whose controller is {@code deployment} (metav1.IsControlledBy). */
    public static List<JsonNode> controlledBy(JsonNode deployment, Iterable<? extends JsonNode> replicaSets) {
        String uid = deployment.path("metadata").path("uid").asText();
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode rs : replicaSets) {
            for (JsonNode ref : rs.path("metadata").path("ownerReferences")) {
                if (ref.path("controller").asBoolean(false) && uid.equals(ref.path("uid").asText())) {
                    out.add(rs);
                    break;
                }
            }
        }
        return out;
    }
}
