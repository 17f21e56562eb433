package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.errors.ApiException;

import java.util.List;
import java.util.function.Function;

/**
 * {@code metav1.DeleteOptions} from the request body or the query string (the body wins).
 * {@code propagationPolicy} is Orphan, Background or Foreground; null leaves the default.
 */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
                            String preconditionResourceVersion) {
    private static final List<String> POLICIES = List.of("Orphan", "Background", "Foreground");

    public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, null, null);

    public static DeleteOptions from(JsonNode body, Function<String, String> query) {
        Long grace = null;
        String policy = query.apply("propagationPolicy");
        String uid = null;
        String rv = null;
        String g = query.apply("gracePeriodSeconds");
        if (g != null && !g.isEmpty()) {
            try {
                grace = Long.parseLong(g);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("gracePeriodSeconds must be an integer, got \"" + g + "\"");
            }
        }
        if ("true".equals(query.apply("orphanDependents"))) {
            policy = "Orphan";
        }
        if (body != null && body.isObject()) {
            JsonNode bg = body.get("gracePeriodSeconds");
            if (bg != null && !bg.isNull()) {
                if (!bg.isIntegralNumber()) {
                    throw ApiException.badRequest("DeleteOptions.gracePeriodSeconds must be an integer");
                }
                grace = bg.asLong();
            }
            if (body.hasNonNull("propagationPolicy")) {
                policy = body.get("propagationPolicy").asText();
            }
            if (body.path("orphanDependents").asBoolean(false)) {
                policy = "Orphan";
            }
            JsonNode pre = body.path("preconditions");
            uid = pre.hasNonNull("uid") ? pre.get("uid").asText() : null;
            rv = pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asText() : null;
        }
        if (policy != null && !POLICIES.contains(policy)) {
            throw ApiException.badRequest("propagationPolicy \"" + policy + "\" is not supported; use one of "
                    + String.join(", ", POLICIES));
        }
        if (grace != null && grace < 0) {
            grace = 0L;
        }
        return new DeleteOptions(grace, policy, uid, rv);
    }
}
