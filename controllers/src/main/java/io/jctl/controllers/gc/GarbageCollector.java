package io.jctl.controllers.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.api.controller.Controller;
import io.jctl.controllers.ControllerContext;

/** Wires the {@link GarbageCollectorReconciler} to the informer of every {@link GcResource}. */
public final class GarbageCollector {
    public static final String NAME = "garbagecollector";

    private GarbageCollector() {
    }

    public static Controller create(ControllerContext ctx) {
        GcGraph graph = new GcGraph();
        Controller.Builder b = ctx.controller(NAME, new GarbageCollectorReconciler(graph, new ApiGcWrites(ctx.client())));
        for (GcResource r : GcResource.ALL) {
            b.waitsFor(informer(ctx, r, graph));
        }
        Controller controller = b.build();
        for (GcResource r : GcResource.ALL) {
            subscribe(informer(ctx, r, graph), r, graph, controller);
        }
        return controller;
    }

    private static SharedInformer<? extends HasMetadata> informer(ControllerContext ctx, GcResource r, GcGraph graph) {
        SharedInformer<? extends HasMetadata> inf = ctx.informers().informer(r.ref(), r.type());
        if (graph.resource(r.ref().qualifiedName()).isEmpty()) {
            graph.add(r, inf.indexer());
        }
        return inf;
    }

    private static <T extends HasMetadata> void subscribe(SharedInformer<T> inf, GcResource r, GcGraph graph,
                                                          Controller controller) {
        inf.addEventHandler(new GcEvents<>(r, graph, controller::enqueue));
    }
}
