package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.controller.Controller;
import io.jctl.api.controller.Result;
import io.jctl.controllers.ControllerContext;

/** Placeholder wiring; the reconciler follows. */
public final class ReplicaSetController {
    public static final String NAME = "replicaset";

    private ReplicaSetController() {
    }

    public static Controller create(ControllerContext ctx) {
        return ctx.controller(NAME, key -> Result.done())
                .primary(ctx.informers().informer(ResourceRef.REPLICASETS, ReplicaSet.class))
                .build();
    }
}
