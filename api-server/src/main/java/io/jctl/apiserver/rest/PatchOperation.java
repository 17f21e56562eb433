package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.patch.JsonMergePatch;
import io.jctl.api.patch.JsonPatch;
import io.jctl.api.patch.PatchException;
import io.jctl.api.patch.StrategicMergePatch;
import io.jctl.apiserver.registry.ResourceType;

/**
 * PATCH in the three formats kubectl sends: JSON merge patch, JSON patch and strategic merge
 * patch. The patch is applied to the latest object and the result goes through the same
 * admission as a PUT; a concurrent change makes it re-read and apply again, as Kubernetes does.
 */
public final class PatchOperation {
    private final UpdateOperation updates;

    public PatchOperation(UpdateOperation updates) {
        this.updates = updates;
    }

    /** The patch formats, by Content-Type. */
    public enum Format {
        MERGE("application/merge-patch+json"),
        JSON("application/json-patch+json"),
        STRATEGIC("application/strategic-merge-patch+json");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public static Format of(String contentType) {
            String ct = ObjectCodec.mediaType(contentType);
            for (Format f : values()) {
                if (f.mediaType.equals(ct)) {
                    return f;
                }
            }
            if (ct.equals("application/apply-patch+yaml")) {
                throw ApiException.unsupportedMediaType("server-side apply (application/apply-patch+yaml) is not "
                        + "supported yet; use client-side apply (kubectl apply without --server-side)");
            }
            throw ApiException.unsupportedMediaType("the patch type " + (ct.isEmpty() ? "<none>" : ct)
                    + " is not supported; send application/merge-patch+json, application/json-patch+json or "
                    + "application/strategic-merge-patch+json");
        }
    }

    public ObjectNode patch(ResourceType<?> type, String namespace, String name, boolean status, Format format,
                            byte[] body, WriteOptions options) {
        JsonNode patch = ObjectCodec.decode(body, "application/json");
        if (format == Format.JSON ? !patch.isArray() : !patch.isObject()) {
            throw ApiException.badRequest("a " + format.mediaType + " body must be a JSON "
                    + (format == Format.JSON ? "array of operations" : "object"));
        }
        return updates.apply(type, namespace, name, old -> {
            ObjectNode patched = applyTo(old.object(), patch, format, type.kind());
            String wanted = patched.path("metadata").path("resourceVersion").asText("");
            if (!wanted.isEmpty() && !wanted.equals(Long.toString(old.revision()))) {
                throw ObjectStore.modified(type, name);
            }
            return status ? Admission.forStatusUpdate(type, namespace, name, patched, old.object())
                    : Admission.forUpdate(type, namespace, name, patched, old.object(), options);
        }, options);
    }

    /** Applies {@code patch} to a copy of a subresource view such as a Scale. */
    public static ObjectNode applyToView(ObjectNode view, byte[] body, Format format, String kind) {
        return applyTo(view, ObjectCodec.decode(body, "application/json"), format, kind);
    }

    private static ObjectNode applyTo(ObjectNode target, JsonNode patch, Format format, String kind) {
        try {
            JsonNode out = switch (format) {
                case MERGE -> JsonMergePatch.apply(target, patch);
                case JSON -> JsonPatch.apply(target, patch);
                case STRATEGIC -> StrategicMergePatch.apply(target, (ObjectNode) patch, kind);
            };
            if (!out.isObject()) {
                throw ApiException.badRequest("the patch turned the object into something that is not an object");
            }
            return (ObjectNode) out;
        } catch (PatchException e) {
            throw new ApiException(422, "Invalid", "the patch could not be applied: " + e.getMessage());
        }
    }
}
