package io.jctl.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.api.controller.Controller;
import io.jctl.controllers.ControllerContext;

import java.util.List;

/**
 * Wires the {@link EndpointsReconciler}: Services are the primary resource, a Pod maps to every
 * Service whose selector matches it (old and new labels both), and an Endpoints object maps to
 * its Service when the controller should care (the Service selects pods, or the object is an
 * orphan this controller wrote), so that edits by others are put right and leftovers removed.
 */
public final class EndpointsController {
    public static final String NAME = "endpoints";

    private EndpointsController() {
    }

    public static Controller create(ControllerContext ctx) {
        SharedInformer<Service> services = ctx.informers().informer(ResourceRef.SERVICES, Service.class);
        SharedInformer<Pod> pods = ctx.informers().informer(ResourceRef.PODS, Pod.class);
        SharedInformer<Endpoints> endpoints = ctx.informers().informer(ResourceRef.ENDPOINTS, Endpoints.class);
        EndpointsReconciler reconciler = new EndpointsReconciler(services.indexer(), pods.indexer(),
                endpoints.indexer(), new ApiEndpointsWrites(ctx.client()), ctx.clock());
        Indexer<Service> serviceCache = services.indexer();
        return ctx.controller(NAME, reconciler)
                .primary(services)
                .secondary(pods, new ServiceSelectors(serviceCache))
                .secondary(endpoints, ep -> {
                    Service svc = serviceCache.get(ep.getMetadata().getNamespace(), ep.getMetadata().getName());
                    boolean ours = svc == null ? ep.getMetadata().getAnnotations() != null
                            && ep.getMetadata().getAnnotations().containsKey(EndpointsReconciler.TRIGGER_TIME_ANNOTATION)
                            : ServiceSelectors.hasSelector(svc);
                    return ours ? List.of(Keys.of(ep)) : List.of();
                })
                .build();
    }
}
