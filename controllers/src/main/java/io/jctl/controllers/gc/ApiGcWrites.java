package io.jctl.controllers.gc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.DeleteOptions;
import io.jctl.api.client.PatchType;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;

import java.util.List;
import java.util.Optional;

/** {@link GcWrites} through the api-server, untyped so one implementation serves every resource. */
final class ApiGcWrites implements GcWrites {
    private final ApiClient client;

    ApiGcWrites(ApiClient client) {
        this.client = client;
    }

    @Override
    public Optional<HasMetadata> liveGet(GcResource resource, String namespace, String name) {
        return client.resource(resource.ref()).find(namespace, name).map(o -> o);
    }

    @Override
    public void delete(GcResource resource, HasMetadata object, DeleteOptions.PropagationPolicy policy) {
        try {
            client.resource(resource.ref()).delete(object.getMetadata().getNamespace(), object.getMetadata().getName(),
                    DeleteOptions.propagation(policy).withPreconditions(object.getMetadata().getUid(), null));
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    @Override
    public void setOwnerReferences(GcResource resource, HasMetadata object, List<OwnerReference> refs) {
        ObjectNode meta = preconditioned(object);
        meta.set("ownerReferences", refs.isEmpty() ? null : Json.mapper().valueToTree(refs));
        patch(resource, object, meta);
    }

    @Override
    public void setFinalizers(GcResource resource, HasMetadata object, List<String> finalizers) {
        ObjectNode meta = preconditioned(object);
        meta.set("finalizers", finalizers.isEmpty() ? null : Json.mapper().valueToTree(finalizers));
        patch(resource, object, meta);
    }

    private static ObjectNode preconditioned(HasMetadata object) {
        ObjectNode meta = Json.newObject();
        // resourceVersion in a merge patch makes the server refuse it (409) if the object changed.
        meta.put("resourceVersion", object.getMetadata().getResourceVersion());
        return meta;
    }

    private void patch(GcResource resource, HasMetadata object, ObjectNode meta) {
        ObjectNode patch = Json.newObject();
        patch.set("metadata", meta);
        try {
            client.resource(resource.ref()).patch(object.getMetadata().getNamespace(), object.getMetadata().getName(),
                    PatchType.MERGE, Json.toJson(patch));
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }
}
