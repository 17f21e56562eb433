package io.jctl.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.DeleteOptions;
import io.jctl.api.errors.ApiException;

/** {@link NodeWrites} through the api-server. */
final class ApiNodeWrites implements NodeWrites {
    private final ApiClient client;

    ApiNodeWrites(ApiClient client) {
        this.client = client;
    }

    @Override
    public void updateNode(Node node) {
        client.nodes().update(node);
    }

    @Override
    public void updateNodeStatus(Node node) {
        client.nodes().updateStatus(node);
    }

    @Override
    public void deletePod(Pod pod) {
        try {
            client.pods().delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    DeleteOptions.defaults().withPreconditions(pod.getMetadata().getUid(), null));
        } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) {
                throw e;
            }
        }
    }
}
