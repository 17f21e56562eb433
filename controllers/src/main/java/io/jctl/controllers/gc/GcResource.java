package io.jctl.controllers.gc;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.jctl.api.client.ResourceRef;

import java.util.List;
import java.util.Optional;

/**
 * A resource the garbage collector watches, with the kind ownerReferences name it by. The list
 * is every kind of the api-server that can own or be owned, Events excepted: nothing owns them
 * and their churn would only cost.
 */
public record GcResource(ResourceRef ref, String kind, Class<? extends HasMetadata> type) {
    public static final List<GcResource> ALL = List.of(
            new GcResource(ResourceRef.PODS, "Pod", Pod.class),
            new GcResource(ResourceRef.REPLICASETS, "ReplicaSet", ReplicaSet.class),
            new GcResource(ResourceRef.DEPLOYMENTS, "Deployment", Deployment.class),
            new GcResource(ResourceRef.SERVICES, "Service", Service.class),
            new GcResource(ResourceRef.ENDPOINTS, "Endpoints", Endpoints.class),
            new GcResource(ResourceRef.CONFIGMAPS, "ConfigMap", ConfigMap.class),
            new GcResource(ResourceRef.SECRETS, "Secret", Secret.class),
            new GcResource(ResourceRef.LEASES, "Lease", Lease.class),
            new GcResource(ResourceRef.NODES, "Node", Node.class),
            new GcResource(ResourceRef.NAMESPACES, "Namespace", Namespace.class));

    /** The resource an ownerReference's apiVersion and kind point at, if the collector knows it. */
    public static Optional<GcResource> forOwner(String apiVersion, String kind) {
        String group = apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
        return ALL.stream().filter(r -> r.kind.equals(kind) && r.ref.group().equals(group)).findFirst();
    }
}
