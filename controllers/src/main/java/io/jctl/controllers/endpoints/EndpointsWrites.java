package io.jctl.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Endpoints;

/** Every write the endpoints reconciler makes, so unit tests can record them. */
public interface EndpointsWrites {
    void create(Endpoints endpoints);

    /** Replaces the object; fails with 409 if it changed since the carried resourceVersion. */
    void update(Endpoints endpoints);

    /** Deletes the Endpoints; one already gone is not an error. */
    void delete(String namespace, String name);
}
