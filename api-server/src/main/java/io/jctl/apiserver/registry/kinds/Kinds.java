package io.jctl.apiserver.registry.kinds;

import io.jctl.apiserver.registry.ResourceType;

import java.util.List;

/** Every kind the api-server serves. */
public final class Kinds {
    private Kinds() {
    }

    public static List<ResourceType<?>> all() {
        return List.of(new NamespaceType(), new PodType(), new NodeType(), new ServiceType(), new EndpointsType(),
                new ConfigMapType(), new SecretType(), new EventType(), new DeploymentType(), new ReplicaSetType(),
                new LeaseType());
    }
}
