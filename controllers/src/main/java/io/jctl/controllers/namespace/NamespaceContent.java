package io.jctl.controllers.namespace;

import io.jctl.api.client.ResourceRef;

import java.util.List;

/** What the namespace controller asks of the api-server, so unit tests can fake it. */
public interface NamespaceContent {
    /** Every namespaced resource the server serves (from discovery). */
    List<ResourceRef> namespacedResources();

    /** Deletes every object of {@code resource} in {@code namespace}; true if some still exist after (finalizers, graceful pods). */
    boolean deleteAll(ResourceRef resource, String namespace);

    /** Removes the {@code kubernetes} finalizer through {@code namespaces/{name}/finalize}. */
    void removeKubernetesFinalizer(String namespace);
}
