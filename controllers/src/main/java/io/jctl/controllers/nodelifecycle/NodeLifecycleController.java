package io.jctl.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.controller.Controller;
import io.jctl.api.controller.Result;
import io.jctl.controllers.ControllerContext;

/** Placeholder wiring; the reconciler follows. */
public final class NodeLifecycleController {
    public static final String NAME = "nodelifecycle";

    private NodeLifecycleController() {
    }

    public static Controller create(ControllerContext ctx) {
        return ctx.controller(NAME, key -> Result.done())
                .primary(ctx.informers().informer(ResourceRef.NODES, Node.class))
                .build();
    }
}
