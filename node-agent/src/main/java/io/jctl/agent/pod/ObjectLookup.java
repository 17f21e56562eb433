package io.jctl.agent.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;

import java.util.Optional;

/** Where env and volumes read ConfigMaps, Secrets and Services from (the api-server, possibly cached). */
public interface ObjectLookup {
    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);

    /** A Service, for the variables the kubelet derives from it; empty when absent or not looked up. */
    default Optional<Service> service(String namespace, String name) {
        return Optional.empty();
    }
}
