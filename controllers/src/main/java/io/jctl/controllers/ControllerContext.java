package io.jctl.controllers;

import io.jctl.api.client.ApiClient;
import io.jctl.api.client.cache.InformerFactory;
import io.jctl.api.controller.Controller;
import io.jctl.api.controller.Reconciler;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/**
 * What a {@link ControllerFactory} gets to build its controller with: the shared client, the
 * shared informers of this leadership term, the metrics registry and the options.
 */
public record ControllerContext(ApiClient client, InformerFactory informers, MeterRegistry metrics,
                                ControllerOptions options, Clock clock) {
    /** A controller builder with this manager's worker count and metrics already set. */
    public Controller.Builder controller(String name, Reconciler reconciler) {
        return Controller.builder(name, reconciler).workers(options.workers()).metrics(metrics);
    }
}
