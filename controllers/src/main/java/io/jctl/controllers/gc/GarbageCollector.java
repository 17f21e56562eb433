package io.jctl.controllers.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.controller.Controller;
import io.jctl.api.controller.Result;
import io.jctl.controllers.ControllerContext;

/** Placeholder wiring; the reconciler follows. */
public final class GarbageCollector {
    public static final String NAME = "garbagecollector";

    private GarbageCollector() {
    }

    public static Controller create(ControllerContext ctx) {
        return ctx.controller(NAME, key -> Result.done())
                .primary(ctx.informers().informer(ResourceRef.PODS, Pod.class))
                .build();
    }
}
