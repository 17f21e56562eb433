package io.jctl.controllers.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.controller.Reconciler;
import io.jctl.api.controller.Result;

import java.time.Duration;
import java.util.List;

/**
 * Empties a namespace that is being deleted: deletes the objects of every namespaced resource in
 * it, and once nothing is left removes the {@code kubernetes} finalizer so the api-server deletes
 * the namespace. Objects that linger (finalizers, pods stopping gracefully) bring it back after a
 * short wait, as Kubernetes' namespace controller estimates.
 */
public final class NamespaceReconciler implements Reconciler {
    public static final String KUBERNETES_FINALIZER = "kubernetes";
    static final Duration CONTENT_REMAINS_RECHECK = Duration.ofSeconds(2);

    private final Indexer<Namespace> namespaces;
    private final NamespaceContent content;

    public NamespaceReconciler(Indexer<Namespace> namespaces, NamespaceContent content) {
        this.namespaces = namespaces;
        this.content = content;
    }

    @Override
    public Result reconcile(String key) {
        Namespace ns = namespaces.getByKey(key);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() == null) {
            return Result.done();
        }
        List<String> finalizers = ns.getSpec() == null || ns.getSpec().getFinalizers() == null ? List.of()
                : ns.getSpec().getFinalizers();
        if (!finalizers.contains(KUBERNETES_FINALIZER)) {
            return Result.done();
        }
        String name = ns.getMetadata().getName();
        boolean remains = false;
        for (ResourceRef r : content.namespacedResources()) {
            remains |= content.deleteAll(r, name);
        }
        if (remains) {
            return Result.requeueAfter(CONTENT_REMAINS_RECHECK);
        }
        content.removeKubernetesFinalizer(name);
        return Result.done();
    }
}
