package io.jctl.apiserver.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.streaming.AgentEndpoint;
import io.jctl.apiserver.registry.ResourceRegistry;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.rest.ObjectStore;

import java.util.ArrayList;
import java.util.List;

/**
 * What must hold before a log or exec request goes to an agent, with Kubernetes' messages: the
 * pod exists, the container is named (or the pod has only one), the pod is on a node, the
 * container has started (the kubelet's validateContainerLogStatus), and that node published a
 * streaming port. Blocks on the store.
 */
final class PodStreamChecks {
    private final ObjectStore objects;
    private final ResourceType<?> pods;
    private final ResourceType<?> nodes;

    PodStreamChecks(ResourceRegistry registry, ObjectStore objects) {
        this.objects = objects;
        this.pods = registry.find("", "v1", "pods").orElseThrow();
        this.nodes = registry.find("", "v1", "nodes").orElseThrow();
    }

    StreamTarget forLogs(String namespace, String name, String container, boolean previous) {
        ObjectNode pod = objects.get(pods, namespace, name).object();
        String c = container(pod, name, container);
        String node = node(pod, name);
        JsonNode status = containerStatus(pod, c);
        JsonNode lastTerminated = status == null ? null : status.path("lastState").get("terminated");
        String prefix = "container \"" + c + "\" in pod \"" + name + "\"";
        if (previous) {
            if (lastTerminated == null || lastTerminated.isNull()) {
                throw ApiException.badRequest("previous terminated " + prefix + " not found");
            }
        } else if (status == null) {
            throw ApiException.badRequest(prefix + " is waiting to start: ContainerCreating");
        } else if (!status.path("state").has("running") && !status.path("state").has("terminated")
                && (lastTerminated == null || lastTerminated.isNull())) {
            JsonNode waiting = status.path("state").path("waiting");
            String reason = waiting.path("reason").asText("");
            throw ApiException.badRequest(switch (reason) {
                case "ErrImagePull" -> prefix + " is waiting to start: image can't be pulled";
                case "ImagePullBackOff" -> prefix + " is waiting to start: trying and failing to pull image";
                case "" -> prefix + " is waiting to start - no logs yet";
                default -> prefix + " is waiting to start: " + reason;
            });
        }
        return target(namespace, name, c, node);
    }

    StreamTarget forExec(String namespace, String name, String container) {
        ObjectNode pod = objects.get(pods, namespace, name).object();
        String c = container(pod, name, container);
        String node = node(pod, name);
        JsonNode status = containerStatus(pod, c);
        if (status == null || !status.path("state").has("running")) {
            throw ApiException.badRequest("unable to upgrade connection: container not found (\"" + c + "\")");
        }
        return target(namespace, name, c, node);
    }

    /** kube-apiserver's PortForwardLocation: the pod exists and is on a node that serves streams. */
    StreamTarget forPortForward(String namespace, String name) {
        ObjectNode pod = objects.get(pods, namespace, name).object();
        return target(namespace, name, "", node(pod, name));
    }

    /** kube-apiserver's validateContainer: the named container, or the only one. */
    static String container(JsonNode pod, String name, String container) {
        List<String> all = new ArrayList<>();
        for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (JsonNode c : pod.path("spec").path(field)) {
                all.add(c.path("name").asText());
            }
        }
        if (container == null || container.isEmpty()) {
            JsonNode regular = pod.path("spec").path("containers");
            if (regular.size() == 1) {
                return regular.get(0).path("name").asText();
            }
            if (regular.isEmpty()) {
                throw ApiException.badRequest("pod " + name + " does not have a container");
            }
            throw ApiException.badRequest("a container name must be specified for pod " + name + ", choose one of: ["
                    + String.join(" ", all) + "]");
        }
        if (!all.contains(container)) {
            throw ApiException.badRequest("container " + container + " is not valid for pod " + name);
        }
        return container;
    }

    private static String node(JsonNode pod, String name) {
        String node = pod.path("spec").path("nodeName").asText("");
        if (node.isEmpty()) {
            throw ApiException.badRequest("pod " + name + " does not have a host assigned");
        }
        return node;
    }

    private static JsonNode containerStatus(JsonNode pod, String container) {
        for (String field : List.of("initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses")) {
            for (JsonNode s : pod.path("status").path(field)) {
                if (container.equals(s.path("name").asText())) {
                    return s;
                }
            }
        }
        return null;
    }

    private StreamTarget target(String namespace, String pod, String container, String nodeName) {
        ObjectNode node = objects.get(nodes, null, nodeName).object();
        int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        String sha = node.path("metadata").path("annotations").path(AgentEndpoint.SERVING_CERT_SHA256).asText("");
        String host = address(node);
        if (port <= 0 || sha.isEmpty() || host == null) {
            throw ApiException.serviceUnavailable("node \"" + nodeName + "\" serves no logs or exec: its agent "
                    + "published no streaming port (started with --agent-port -1, or without a cluster CA)");
        }
        return new StreamTarget(namespace, pod, container, nodeName, host, port, sha);
    }

    /** The address to call an agent at, by kube-apiserver's default preference. */
    private static String address(JsonNode node) {
        for (String type : List.of("InternalIP", "ExternalIP", "Hostname")) {
            for (JsonNode a : node.path("status").path("addresses")) {
                if (type.equals(a.path("type").asText()) && !a.path("address").asText("").isEmpty()) {
                    return a.path("address").asText();
                }
            }
        }
        return null;
    }
}
