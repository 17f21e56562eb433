package io.jctl.api.errors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A failed API call as Kubernetes reports it: an HTTP code, a {@code metav1.Status} reason, a
 * message that names the object and the fix, and optional details. Servers throw it and turn it
 * into a Status body; clients rebuild it from one.
 */
public class ApiException extends RuntimeException {
    private final int code;
    private final String reason;
    private final String name;
    private final String group;
    private final String kind;
    private final List<StatusCause> causes;

    public ApiException(int code, String reason, String message, String name, String group, String kind,
                        List<StatusCause> causes) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.name = name;
        this.group = group;
        this.kind = kind;
        this.causes = causes == null ? List.of() : List.copyOf(causes);
    }

    public ApiException(int code, String reason, String message) {
        this(code, reason, message, null, null, null, null);
    }

    /** {@code qualifiedResource} is {@code deployments.apps} or {@code pods}. */
    public static ApiException notFound(String qualifiedResource, String group, String name) {
        return new ApiException(404, "NotFound", qualifiedResource + " \"" + name + "\" not found",
                name, group, plural(qualifiedResource), null);
    }

    public static ApiException alreadyExists(String qualifiedResource, String group, String name) {
        return new ApiException(409, "AlreadyExists", qualifiedResource + " \"" + name + "\" already exists",
                name, group, plural(qualifiedResource), null);
    }

    public static ApiException conflict(String qualifiedResource, String group, String name, String why) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + qualifiedResource + " \""
                + name + "\": " + why, name, group, plural(qualifiedResource), null);
    }

    /** {@code qualifiedKind} is {@code Deployment.apps} or {@code Pod}. */
    public static ApiException invalid(String qualifiedKind, String group, String kind, String name,
                                       List<StatusCause> causes) {
        String what = causes.stream().map(StatusCause::describe).collect(Collectors.joining(", "));
        String msg = qualifiedKind + " \"" + (name == null ? "" : name) + "\" is invalid: "
                + (causes.size() > 1 ? "[" + what + "]" : what);
        return new ApiException(422, "Invalid", msg, name, group, kind, causes);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message);
    }

    public static ApiException expired(String message) {
        return new ApiException(410, "Expired", message);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "Unauthorized", "Unauthorized");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message);
    }

    public static ApiException methodNotAllowed(String message) {
        return new ApiException(405, "MethodNotAllowed", message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "RequestEntityTooLarge", message);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "UnsupportedMediaType", message);
    }

    public static ApiException notAcceptable(String message) {
        return new ApiException(406, "NotAcceptable", message);
    }

    public static ApiException internal(String message) {
        return new ApiException(500, "InternalError", message);
    }

    public static ApiException serviceUnavailable(String message) {
        return new ApiException(503, "ServiceUnavailable", message);
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public List<StatusCause> causes() {
        return causes;
    }

    public String name() {
        return name;
    }

    public String kind() {
        return kind;
    }

    /** The {@code metav1.Status} body for this failure. */
    public ObjectNode toStatus() {
        ObjectNode s = Json.newObject();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", getMessage());
        s.put("reason", reason);
        if (name != null || kind != null || !causes.isEmpty()) {
            ObjectNode d = s.putObject("details");
            if (name != null) {
                d.put("name", name);
            }
            if (group != null && !group.isEmpty()) {
                d.put("group", group);
            }
            if (kind != null) {
                d.put("kind", kind);
            }
            if (!causes.isEmpty()) {
                ArrayNode arr = d.putArray("causes");
                for (StatusCause c : causes) {
                    ObjectNode n = arr.addObject();
                    n.put("reason", c.reason());
                    n.put("message", c.message());
                    if (c.field() != null) {
                        n.put("field", c.field());
                    }
                }
            }
        }
        s.put("code", code);
        return s;
    }

    /** Rebuilds the exception a server sent as a Status body. */
    public static ApiException fromStatus(ObjectNode status, int httpCode) {
        ObjectNode d = status.has("details") && status.get("details").isObject() ? (ObjectNode) status.get("details") : null;
        List<StatusCause> causes = new java.util.ArrayList<>();
        if (d != null && d.has("causes")) {
            d.get("causes").forEach(c -> causes.add(new StatusCause(c.path("reason").asText(null),
                    c.path("message").asText(null), c.path("field").asText(null))));
        }
        return new ApiException(status.path("code").asInt(httpCode), status.path("reason").asText(""),
                status.path("message").asText("HTTP " + httpCode),
                d == null ? null : d.path("name").asText(null), d == null ? null : d.path("group").asText(null),
                d == null ? null : d.path("kind").asText(null), causes);
    }

    private static String plural(String qualifiedResource) {
        int dot = qualifiedResource.indexOf('.');
        return dot < 0 ? qualifiedResource : qualifiedResource.substring(0, dot);
    }
}
