package io.jctl.controllers.replicaset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.DeleteOptions;
import io.jctl.api.client.PatchType;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;

import java.util.List;

/** {@link ReplicaSetWrites} through the api-server. */
public final class ApiReplicaSetWrites implements ReplicaSetWrites {
    private final ApiClient client;

    public ApiReplicaSetWrites(ApiClient client) {
        this.client = client;
    }

    @Override
    public Pod createPod(Pod pod) {
        return client.pods().create(pod);
    }

    @Override
    public void deletePod(String namespace, String name, String uid) {
        try {
            client.pods().delete(namespace, name, DeleteOptions.defaults().withPreconditions(uid, null));
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    @Override
    public void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences) {
        // A merge patch carrying resourceVersion is refused with 409 if the pod changed meanwhile,
        // so a stale cache can never overwrite another controller's claim.
        ObjectNode patch = Json.newObject();
        ObjectNode meta = patch.putObject("metadata");
        meta.put("resourceVersion", pod.getMetadata().getResourceVersion());
        meta.set("ownerReferences", Json.mapper().valueToTree(ownerReferences));
        client.pods().patch(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), PatchType.MERGE,
                Json.toJson(patch));
    }

    @Override
    public void updateStatus(ReplicaSet replicaSet) {
        client.replicaSets().updateStatus(replicaSet);
    }
}
