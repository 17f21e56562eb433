package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.errors.StatusCause;
import io.jctl.apiserver.registry.ResourceType;

import java.util.List;

/**
 * {@code pods/binding}: the scheduler's one way to place a Pod. It sets {@code spec.nodeName}
 * once (a second binding is a 409) and marks the Pod scheduled.
 */
public final class BindingSubresource {
    private final UpdateOperation updates;

    public BindingSubresource(UpdateOperation updates) {
        this.updates = updates;
    }

    public void bind(ResourceType<?> pods, String namespace, String podName, ObjectNode binding,
                     WriteOptions options) {
        if (!"Binding".equals(binding.path("kind").asText("Binding"))) {
            throw ApiException.badRequest("the body sent to pods/binding must be a v1 Binding, not "
                    + binding.path("kind").asText());
        }
        String bindingName = binding.path("metadata").path("name").asText("");
        if (!bindingName.isEmpty() && !bindingName.equals(podName)) {
            throw ApiException.badRequest("the name of the Binding (" + bindingName
                    + ") does not match the pod on the URL (" + podName + ")");
        }
        JsonNode target = binding.path("target");
        String node = target.path("name").asText("");
        if (node.isEmpty()) {
            throw ApiException.invalid("Binding", "", "Binding", podName,
                    List.of(StatusCause.required("target.name", "the node to bind the pod to")));
        }
        String kind = target.path("kind").asText("Node");
        if (!kind.isEmpty() && !kind.equals("Node")) {
            throw ApiException.invalid("Binding", "", "Binding", podName,
                    List.of(StatusCause.notSupported("target.kind", kind, List.of("Node"))));
        }
        updates.apply(pods, namespace, podName, old -> {
            ObjectNode pod = old.object().deepCopy();
            String current = pod.path("spec").path("nodeName").asText("");
            if (pod.path("metadata").has("deletionTimestamp")) {
                throw ApiException.conflict("pods", "", podName, "pod " + podName + " is being deleted, cannot be assigned to a host");
            }
            if (!current.isEmpty()) {
                throw ApiException.conflict("pods", "", podName, "pod " + podName + " is already assigned to node \""
                        + current + "\"");
            }
            pod.withObject("/spec").put("nodeName", node);
            setScheduled(pod);
            return pod;
        }, options);
    }

    private static void setScheduled(ObjectNode pod) {
        ObjectNode status = pod.withObject("/status");
        ArrayNode conditions = status.has("conditions") && status.get("conditions").isArray()
                ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
        for (int i = conditions.size() - 1; i >= 0; i--) {
            if ("PodScheduled".equals(conditions.get(i).path("type").asText())) {
                conditions.remove(i);
            }
        }
        ObjectNode c = conditions.addObject();
        c.put("type", "PodScheduled");
        c.put("status", "True");
        c.putNull("lastProbeTime");
        c.put("lastTransitionTime", Admission.now());
    }
}
