package io.jctl.controllers.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.jctl.api.client.DeleteOptions;

import java.util.List;
import java.util.Optional;

/** The garbage collector's calls to the api-server, so unit tests can record them. */
public interface GcWrites {
    /** The owner as the server has it now (the cache may lag); empty on 404. */
    Optional<HasMetadata> liveGet(GcResource resource, String namespace, String name);

    /** Deletes the object if it still has {@code uid}; already gone is fine. */
    void delete(GcResource resource, HasMetadata object, DeleteOptions.PropagationPolicy policy);

    /** Sets the object's ownerReferences; 409 if it changed since read. */
    void setOwnerReferences(GcResource resource, HasMetadata object, List<OwnerReference> refs);

    /** Sets the object's metadata.finalizers; 409 if it changed since read. */
    void setFinalizers(GcResource resource, HasMetadata object, List<String> finalizers);
}
