package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.apiserver.registry.ResourceRegistry;
import io.jctl.apiserver.registry.ResourceType;

/** POST of a new object: admission, then a create that fails if the name is taken. */
public final class CreateOperation {
    private final ObjectStore objects;
    private final ResourceType<?> namespaces;

    public CreateOperation(ObjectStore objects, ResourceRegistry registry) {
        this.objects = objects;
        this.namespaces = registry.find("", "v1", "namespaces").orElseThrow();
    }

    public ObjectNode create(ResourceType<?> type, String namespace, ObjectNode body, WriteOptions options) {
        if (type.namespaced()) {
            requireActiveNamespace(namespace);
        }
        ObjectNode obj = Admission.forCreate(type, namespace, body, options);
        String name = obj.path("metadata").path("name").asText();
        if (options.dryRun()) {
            ObjectStore.encode(obj);
            if (objects.find(type, namespace, name).isPresent()) {
                throw ApiException.alreadyExists(type.qualifiedResource(), type.group(), name);
            }
            return obj;
        }
        return objects.create(type, namespace, name, obj).object();
    }

    private void requireActiveNamespace(String namespace) {
        StoredObject ns = objects.find(namespaces, null, namespace)
                .orElseThrow(() -> ApiException.notFound("namespaces", "", namespace));
        if (ns.object().path("metadata").has("deletionTimestamp")) {
            throw ApiException.forbidden("unable to create new content in namespace " + namespace
                    + " because it is being terminated");
        }
    }
}
