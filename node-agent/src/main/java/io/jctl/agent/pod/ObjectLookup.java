package io.jctl.agent.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;

import java.util.Optional;

/** Where env and volumes read ConfigMaps and Secrets from (the api-server, possibly cached). */
public interface ObjectLookup {
    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);
}
