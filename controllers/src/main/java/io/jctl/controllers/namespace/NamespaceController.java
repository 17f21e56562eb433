package io.jctl.controllers.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.controller.Controller;
import io.jctl.api.controller.Result;
import io.jctl.controllers.ControllerContext;

/** Placeholder wiring; the reconciler follows. */
public final class NamespaceController {
    public static final String NAME = "namespace";

    private NamespaceController() {
    }

    public static Controller create(ControllerContext ctx) {
        return ctx.controller(NAME, key -> Result.done())
                .primary(ctx.informers().informer(ResourceRef.NAMESPACES, Namespace.class))
                .build();
    }
}
