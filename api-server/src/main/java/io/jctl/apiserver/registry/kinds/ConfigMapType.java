package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.jctl.apiserver.registry.ResourceType;

import java.util.List;

/** core/v1 ConfigMap. */
public final class ConfigMapType extends ResourceType<ConfigMap> {
    public ConfigMapType() {
        super("", "v1", "ConfigMap", "configmaps", true, ConfigMap.class);
    }

    @Override
    public List<String> shortNames() {
        return List.of("cm");
    }
}
