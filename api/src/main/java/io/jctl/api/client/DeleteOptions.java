package io.jctl.api.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;

/**
 * The body of a DELETE, as in {@code metav1.DeleteOptions}. Null fields are not sent; the
 * preconditions make the delete fail with 409 if the object was replaced or changed meanwhile.
 */
public record DeleteOptions(Long gracePeriodSeconds, PropagationPolicy propagationPolicy,
                            String preconditionUid, String preconditionResourceVersion) {
    public enum PropagationPolicy { Orphan, Background, Foreground }

    private static final DeleteOptions DEFAULTS = new DeleteOptions(null, null, null, null);

    public static DeleteOptions defaults() {
        return DEFAULTS;
    }

    public static DeleteOptions propagation(PropagationPolicy policy) {
        return new DeleteOptions(null, policy, null, null);
    }

    public DeleteOptions withGracePeriodSeconds(Long seconds) {
        return new DeleteOptions(seconds, propagationPolicy, preconditionUid, preconditionResourceVersion);
    }

    public DeleteOptions withPropagationPolicy(PropagationPolicy policy) {
        return new DeleteOptions(gracePeriodSeconds, policy, preconditionUid, preconditionResourceVersion);
    }

    public DeleteOptions withPreconditions(String uid, String resourceVersion) {
        return new DeleteOptions(gracePeriodSeconds, propagationPolicy, uid, resourceVersion);
    }

    ObjectNode toJson() {
        ObjectNode n = Json.newObject();
        n.put("kind", "DeleteOptions");
        n.put("apiVersion", "v1");
        if (gracePeriodSeconds != null) {
            n.put("gracePeriodSeconds", gracePeriodSeconds);
        }
        if (propagationPolicy != null) {
            n.put("propagationPolicy", propagationPolicy.name());
        }
        if (preconditionUid != null || preconditionResourceVersion != null) {
            ObjectNode p = n.putObject("preconditions");
            if (preconditionUid != null) {
                p.put("uid", preconditionUid);
            }
            if (preconditionResourceVersion != null) {
                p.put("resourceVersion", preconditionResourceVersion);
            }
        }
        return n;
    }
}
