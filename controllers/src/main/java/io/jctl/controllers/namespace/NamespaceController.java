package io.jctl.controllers.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.api.controller.Controller;
import io.jctl.controllers.ControllerContext;

/** Wires the {@link NamespaceReconciler} to the Namespace informer. */
public final class NamespaceController {
    public static final String NAME = "namespace";

    private NamespaceController() {
    }

    public static Controller create(ControllerContext ctx) {
        SharedInformer<Namespace> namespaces = ctx.informers().informer(ResourceRef.NAMESPACES, Namespace.class);
        return ctx.controller(NAME, new NamespaceReconciler(namespaces.indexer(), new ApiNamespaceContent(ctx.client())))
                .primary(namespaces)
                .build();
    }
}
