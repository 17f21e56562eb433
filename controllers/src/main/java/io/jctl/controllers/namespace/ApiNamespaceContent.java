package io.jctl.controllers.namespace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Namespace;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.RawResponse;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;

import java.util.ArrayList;
import java.util.List;

/** {@link NamespaceContent} through discovery, deletecollection and the finalize subresource. */
final class ApiNamespaceContent implements NamespaceContent {
    private final ApiClient client;

    ApiNamespaceContent(ApiClient client) {
        this.client = client;
    }

    @Override
    public List<ResourceRef> namespacedResources() {
        List<ResourceRef> out = new ArrayList<>();
        addResources("", "v1", "/api/v1", out);
        JsonNode groups = get("/apis").path("groups");
        for (JsonNode g : groups) {
            JsonNode preferred = g.path("preferredVersion");
            String group = g.path("name").asText();
            String version = preferred.path("version").asText();
            addResources(group, version, "/apis/" + group + "/" + version, out);
        }
        return out;
    }

    private void addResources(String group, String version, String path, List<ResourceRef> out) {
        for (JsonNode r : get(path).path("resources")) {
            String name = r.path("name").asText();
            if (name.contains("/") || !r.path("namespaced").asBoolean(false) || !verbs(r).contains("deletecollection")) {
                continue;
            }
            out.add(new ResourceRef(group, version, name, true));
        }
    }

    private static List<String> verbs(JsonNode r) {
        List<String> v = new ArrayList<>();
        r.path("verbs").forEach(n -> v.add(n.asText()));
        return v;
    }

    private JsonNode get(String path) {
        RawResponse r = client.raw("GET", path, null);
        if (r.status() / 100 != 2) {
            throw new ApiException(r.status(), "InternalError", "discovery " + path + " answered " + r.status());
        }
        return r.json();
    }

    @Override
    public boolean deleteAll(ResourceRef resource, String namespace) {
        var objects = client.resource(resource);
        if (objects.list(namespace, ListOptions.all().withLimit(1L)).items().isEmpty()) {
            return false;
        }
        RawResponse r = client.raw("DELETE", resource.collectionPath(namespace), null);
        if (r.status() / 100 != 2 && r.status() != 404) {
            throw new ApiException(r.status(), "InternalError",
                    "deleting " + resource.qualifiedName() + " in namespace " + namespace + " answered " + r.status());
        }
        return !objects.list(namespace, ListOptions.all().withLimit(1L)).items().isEmpty();
    }

    @Override
    public void removeKubernetesFinalizer(String namespace) {
        Namespace ns = client.namespaces().get(null, namespace);
        List<String> remaining = new ArrayList<>();
        if (ns.getSpec() != null && ns.getSpec().getFinalizers() != null) {
            ns.getSpec().getFinalizers().stream().filter(f -> !f.equals(NamespaceReconciler.KUBERNETES_FINALIZER))
                    .forEach(remaining::add);
        }
        var body = Json.toTree(ns);
        ArrayNode fin = body.withObject("/spec").putArray("finalizers");
        remaining.forEach(fin::add);
        try {
            client.namespaces().putSubresource(null, namespace, "finalize", body, JsonNode.class);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }
}
