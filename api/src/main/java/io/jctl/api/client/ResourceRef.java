package io.jctl.api.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Names a resource on the wire: group ({@code ""} for the core group), version, plural and
 * whether objects live in a namespace. Builds the REST paths
 * {@code /api/v1/namespaces/{ns}/pods/{name}/{sub}} and {@code /apis/apps/v1/...}.
 */
public record ResourceRef(String group, String version, String plural, boolean namespaced) {
    public static final ResourceRef PODS = new ResourceRef("", "v1", "pods", true);
    public static final ResourceRef NODES = new ResourceRef("", "v1", "nodes", false);
    public static final ResourceRef NAMESPACES = new ResourceRef("", "v1", "namespaces", false);
    public static final ResourceRef SERVICES = new ResourceRef("", "v1", "services", true);
    public static final ResourceRef ENDPOINTS = new ResourceRef("", "v1", "endpoints", true);
    public static final ResourceRef CONFIGMAPS = new ResourceRef("", "v1", "configmaps", true);
    public static final ResourceRef SECRETS = new ResourceRef("", "v1", "secrets", true);
    public static final ResourceRef EVENTS = new ResourceRef("", "v1", "events", true);
    public static final ResourceRef DEPLOYMENTS = new ResourceRef("apps", "v1", "deployments", true);
    public static final ResourceRef REPLICASETS = new ResourceRef("apps", "v1", "replicasets", true);
    public static final ResourceRef LEASES = new ResourceRef("coordination.k8s.io", "v1", "leases", true);

    public ResourceRef {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(plural, "plural");
    }

    /** {@code v1} or {@code apps/v1}, as in an object's apiVersion. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code pods} or {@code deployments.apps}, as Kubernetes names resources in messages. */
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** The collection path; a null namespace means all namespaces (or a cluster-scoped resource). */
    public String collectionPath(String namespace) {
        StringBuilder p = new StringBuilder(group.isEmpty() ? "/api/" : "/apis/" + group + "/").append(version);
        if (namespaced && namespace != null) {
            p.append("/namespaces/").append(segment(namespace));
        }
        return p.append('/').append(plural).toString();
    }

    public String objectPath(String namespace, String name) {
        requireName(name);
        return collectionPath(namespaced ? requireNamespace(namespace) : null) + "/" + segment(name);
    }

    public String subresourcePath(String namespace, String name, String subresource) {
        String p = objectPath(namespace, name);
        return subresource == null || subresource.isEmpty() ? p : p + "/" + subresource;
    }

    private String requireNamespace(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalArgumentException(qualifiedName() + " are namespaced: a namespace is required");
        }
        return namespace;
    }

    private void requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a name is required for a single " + qualifiedName() + " object");
        }
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
