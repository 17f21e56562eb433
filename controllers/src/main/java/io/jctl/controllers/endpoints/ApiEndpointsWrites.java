package io.jctl.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.jctl.api.client.ApiClient;
import io.jctl.api.errors.ApiException;

/** {@link EndpointsWrites} through the api-server. */
public final class ApiEndpointsWrites implements EndpointsWrites {
    private final ApiClient client;

    public ApiEndpointsWrites(ApiClient client) {
        this.client = client;
    }

    @Override
    public void create(Endpoints endpoints) {
        client.endpoints().create(endpoints);
    }

    @Override
    public void update(Endpoints endpoints) {
        client.endpoints().update(endpoints);
    }

    @Override
    public void delete(String namespace, String name) {
        try {
            client.endpoints().delete(namespace, name);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }
}
