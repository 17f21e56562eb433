package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.apiserver.registry.ResourceType;

/**
 * The {@code scale} subresource of Deployments and ReplicaSets: an autoscaling/v1 Scale view
 * whose {@code spec.replicas} writes through to the object (what {@code kubectl scale} uses).
 */
public final class ScaleSubresource {
    private final ObjectStore objects;
    private final UpdateOperation updates;

    public ScaleSubresource(ObjectStore objects, UpdateOperation updates) {
        this.objects = objects;
        this.updates = updates;
    }

    public ObjectNode get(ResourceType<?> type, String namespace, String name) {
        return view(objects.get(type, namespace, name).object());
    }

    public ObjectNode update(ResourceType<?> type, String namespace, String name, ObjectNode scale,
                             WriteOptions options) {
        return write(type, namespace, name, old -> scale, options);
    }

    public ObjectNode patch(ResourceType<?> type, String namespace, String name, PatchOperation.Format format,
                            byte[] body, WriteOptions options) {
        return write(type, namespace, name,
                old -> PatchOperation.applyToView(view(old), body, format, "Scale"), options);
    }

    private ObjectNode write(ResourceType<?> type, String namespace, String name,
                             java.util.function.UnaryOperator<ObjectNode> newScale, WriteOptions options) {
        ObjectNode result = updates.apply(type, namespace, name, old -> {
            ObjectNode scale = newScale.apply(old.object());
            if (!"Scale".equals(scale.path("kind").asText("Scale"))) {
                throw ApiException.badRequest("the body sent to " + type.plural() + "/scale must be an autoscaling/v1 "
                        + "Scale, not " + scale.path("kind").asText());
            }
            String wanted = scale.path("metadata").path("resourceVersion").asText("");
            if (!wanted.isEmpty() && !wanted.equals(Long.toString(old.revision()))) {
                throw ObjectStore.modified(type, name);
            }
            JsonNode replicas = scale.path("spec").path("replicas");
            if (!replicas.isMissingNode() && !replicas.isIntegralNumber()) {
                throw ApiException.badRequest("Scale spec.replicas must be an integer, got " + replicas);
            }
            ObjectNode next = old.object().deepCopy();
            next.withObject("/spec").put("replicas", replicas.isMissingNode() ? 0 : replicas.asInt());
            return Admission.forUpdate(type, namespace, name, next, old.object(), options);
        }, options);
        return view(result);
    }

    static ObjectNode view(ObjectNode obj) {
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        ObjectNode scale = Json.newObject();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode m = scale.putObject("metadata");
        for (String f : new String[]{"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (meta.has(f)) {
                m.set(f, meta.get(f));
            }
        }
        scale.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", obj.path("status").path("replicas").asInt(0));
        JsonNode selector = obj.path("spec").path("selector");
        if (selector.isObject()) {
            status.put("selector", io.jctl.api.selector.LabelSelector
                    .from(Json.convert(selector, LabelSelector.class)).toString());
        }
        return scale;
    }
}
